import pg from 'pg';
import { formatVerification, type ChainAnchor } from '@park/audit';
import { pgAuditSql, verifyAuditChain } from '@park/audit-store';
import { loadConfig } from '@park/config';

/**
 * `node dist/apps/billing-api/src/audit-verify.cli.js [--anchor <seq>:<hash>]`: verifies the audit log's hash chain
 * in PostgreSQL (DATABASE_URL … as for the apps) page by page and prints one line (formatVerification). Exit 0 when
 * the chain is intact, 1 when it is broken (the line names the first bad event), 2 when it could not be read.
 * `--anchor` is a head published elsewhere (a claim's evidence manifest, a daily log): a rewritten or cut tail
 * is found only against it.
 */
function anchorOf(argv: readonly string[]): ChainAnchor | undefined {
  const i = argv.indexOf('--anchor');
  if (i < 0) return undefined;
  const match = /^([1-9][0-9]*):([0-9a-f]{64})$/.exec(argv[i + 1] ?? '');
  if (!match) throw new Error('--anchor takes <seq>:<64 hex digits>');
  return { seq: match[1], hash: match[2] };
}

async function main(): Promise<number> {
  const anchor = anchorOf(process.argv.slice(2));
  const config = loadConfig();
  const pool = new pg.Pool({ connectionString: config.postgres.url, max: 1 });
  try {
    const result = await verifyAuditChain(pgAuditSql(pool), anchor ? { anchor } : {});
    process.stdout.write(`${formatVerification(result)}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit verify: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
