import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AgentError, EXIT, usageError, type ExitCode } from './agent.errors';
import { DEFAULT_RETRY, GatewayClient, loadPrivateKey, type AgentIdentity, type RetryPolicy } from './gateway.client';
import { MAX_BATCH_RECORDS, runPush, type Output } from './push.command';
import { runSimulate } from './simulate.command';
import { readText, type SourceKind } from './sources';
import { runStatus } from './status.command';

const USAGE = `park cluster agent: pushes this cluster's usage to the park's ingest gateway (README: apps/cluster-agent)

  agent push     --gateway URL [--ca PEM] --cluster ID --key-id ID --key-file PEM
                 (--sacct FILE --tenant-map FILE [--utc-offset MIN] | --k8s-feed FILE [--tenant-map FILE]
                  | --records FILE)
                 [--sku-map FILE] [--batch-size N] [--max-attempts N] [--timeout S] [--dry-run [--out FILE]]
  agent simulate --gateway URL [--ca PEM] --credentials FILE [--seed N] [--tenants N] [--clusters N] [--prefix P]
                 [--rate R] [--duration S] [--retry-rate F] [--batch-size N] [--max-attempts N] [--timeout S]
  agent status   --gateway URL [--ca PEM] --cluster ID --key-id ID --key-file PEM [--from-day D] [--to-day D] [--json]

exit codes: 0 all records accepted or duplicate, 1 records rejected, 2 bad command line or input,
            3 request refused by the gateway (400/401), 4 gateway unavailable after every retry`;

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

const CONNECTION: Options = {
  ca: { type: 'string' },
  gateway: { type: 'string' },
  'max-attempts': { type: 'string' },
  timeout: { type: 'string' },
  'batch-size': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};
const SIGNER: Options = { cluster: { type: 'string' }, 'key-id': { type: 'string' }, 'key-file': { type: 'string' } };
const COMMANDS: Readonly<Record<string, Options>> = {
  push: {
    ...CONNECTION,
    ...SIGNER,
    sacct: { type: 'string' },
    'k8s-feed': { type: 'string' },
    records: { type: 'string' },
    'tenant-map': { type: 'string' },
    'sku-map': { type: 'string' },
    'utc-offset': { type: 'string' },
    'dry-run': { type: 'boolean' },
    out: { type: 'string' },
  },
  simulate: {
    ...CONNECTION,
    credentials: { type: 'string' },
    seed: { type: 'string' },
    tenants: { type: 'string' },
    clusters: { type: 'string' },
    prefix: { type: 'string' },
    rate: { type: 'string' },
    duration: { type: 'string' },
    'retry-rate': { type: 'string' },
  },
  status: {
    ...CONNECTION,
    ...SIGNER,
    'from-day': { type: 'string' },
    'to-day': { type: 'string' },
    json: { type: 'boolean' },
  },
};

function required(v: Values, name: string, why = ''): string {
  const value = v[name];
  if (typeof value !== 'string' || value === '') throw usageError(`missing --${name}${why === '' ? '' : ` (${why})`}`);
  return value;
}

function optional(v: Values, name: string): string | undefined {
  const value = v[name];
  return typeof value === 'string' ? value : undefined;
}

function numberFlag(
  v: Values,
  name: string,
  opts: { min: number; max: number; fallback: number; integer?: boolean },
): number {
  const text = optional(v, name);
  if (text === undefined) return opts.fallback;
  const n = Number(text);
  const integer = opts.integer ?? true;
  if (text.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < opts.min || n > opts.max) {
    throw usageError(
      `--${name} must be ${integer ? 'an integer' : 'a number'} from ${opts.min} to ${opts.max}, got ` +
        `${JSON.stringify(text)}`,
    );
  }
  return n;
}

function gatewayUrl(v: Values): string {
  const text = required(v, 'gateway', 'the ingest gateway, e.g. https://ingest.park.example');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--gateway ${text} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw usageError(`--gateway must be an http(s) URL, got ${text}`);
  return url.href;
}

/** `--ca FILE`: the CA bundle the gateway's certificate must chain to (a park with its own CA); https only. */
function caBundle(v: Values, gateway: string): string | undefined {
  const file = optional(v, 'ca');
  if (file === undefined) return undefined;
  if (!gateway.startsWith('https:')) throw usageError(`--ca verifies an https gateway; ${gateway} is not https`);
  const pem = readText(file, 'CA bundle');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw usageError(`--ca ${file}: no PEM certificate in it`);
  return pem;
}

function retryPolicy(v: Values): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    maxAttempts: numberFlag(v, 'max-attempts', { min: 1, max: 100, fallback: DEFAULT_RETRY.maxAttempts }),
    timeoutMs: numberFlag(v, 'timeout', { min: 1, max: 3_600, fallback: DEFAULT_RETRY.timeoutMs / 1000 }) * 1000,
  };
}

function signerClient(v: Values): GatewayClient {
  const baseUrl = gatewayUrl(v);
  const clusterId = required(v, 'cluster');
  const keyId = required(v, 'key-id', 'the ak_… id the park operator gave with the key');
  const keyFile = required(v, 'key-file', "the cluster's PEM private key");
  const privateKey = loadPrivateKey(readText(keyFile, 'key file'), `key file ${keyFile}`);
  const identity = { clusterId, keyId, privateKey };
  return new GatewayClient({ baseUrl, identity, retry: retryPolicy(v), ca: caBundle(v, baseUrl) });
}

function pushSource(v: Values): { kind: SourceKind; file: string } {
  const given = (['sacct', 'k8s-feed', 'records'] as const).filter((k) => optional(v, k) !== undefined);
  if (given.length !== 1)
    throw usageError(
      `give exactly one of --sacct FILE, --k8s-feed FILE, --records ` +
        `FILE${given.length > 1 ? ` (got ${given.map((g) => `--${g}`).join(' and ')})` : ''}`,
    );
  return { kind: given[0], file: optional(v, given[0])! };
}

async function dispatch(command: string, v: Values, io: Output): Promise<ExitCode> {
  const batchSize = numberFlag(v, 'batch-size', { min: 1, max: MAX_BATCH_RECORDS, fallback: 1_000 });
  if (command === 'push') {
    const dryRun = v['dry-run'] === true;
    if (!dryRun && optional(v, 'out') !== undefined)
      throw usageError('--out is for --dry-run: it writes the records that would be pushed');
    const source = pushSource(v);
    // Checked up front, so a missing flag is reported before any file is parsed.
    const client = dryRun ? undefined : signerClient(v);
    return runPush(
      {
        clusterId: required(v, 'cluster'),
        source,
        tenantMapFile: optional(v, 'tenant-map'),
        skuMapFile: optional(v, 'sku-map'),
        utcOffsetMinutes: numberFlag(v, 'utc-offset', { min: -720, max: 840, fallback: 0 }),
        batchSize,
        dryRun,
        outFile: optional(v, 'out'),
        client: () => client!,
      },
      io,
    );
  }
  if (command === 'status') {
    return runStatus(
      signerClient(v),
      { fromDay: optional(v, 'from-day'), toDay: optional(v, 'to-day'), json: v.json === true },
      io,
    );
  }
  const baseUrl = gatewayUrl(v);
  const retry = retryPolicy(v);
  const ca = caBundle(v, baseUrl);
  return runSimulate(
    {
      seed: numberFlag(v, 'seed', { min: 0, max: 2 ** 32 - 1, fallback: 1 }),
      tenants: numberFlag(v, 'tenants', { min: 1, max: 10_000, fallback: 12 }),
      clusters: numberFlag(v, 'clusters', { min: 1, max: 1_000, fallback: 5 }),
      prefix: optional(v, 'prefix'),
      rate: numberFlag(v, 'rate', { min: 0.01, max: 1_000_000, fallback: 100, integer: false }),
      durationS: numberFlag(v, 'duration', { min: 1, max: 86_400, fallback: 60 }),
      retryRate: numberFlag(v, 'retry-rate', { min: 0, max: 1, fallback: 0, integer: false }),
      batchSize,
      credentialsFile: required(v, 'credentials', 'cluster id → { keyId, privateKeyPem }, see write-credentials'),
      clientFor: (identity: AgentIdentity) => new GatewayClient({ baseUrl, identity, retry, ca }),
    },
    io,
  );
}

export async function main(argv: readonly string[], io: Output): Promise<ExitCode> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  const options = COMMANDS[command];
  if (options === undefined)
    throw usageError(`unknown command ${JSON.stringify(command)}; commands: ${Object.keys(COMMANDS).join(', ')}`);
  let values: Values;
  try {
    ({ values } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }));
  } catch (e) {
    throw usageError((e as Error).message);
  }
  if (values.help === true) {
    io.out(USAGE);
    return EXIT.ok;
  }
  return dispatch(command, values, io);
}

if (require.main === module) {
  const io: Output = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof AgentError) {
        io.err(`agent: ${e.message}`);
        process.exitCode = e.exitCode;
      } else {
        io.err(`agent: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        process.exitCode = 70;
      }
    },
  );
}
