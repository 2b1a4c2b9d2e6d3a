import { AgentError, EXIT, type ExitCode } from './agent.errors';
import { describeRefusal, type GatewayClient } from './gateway.client';
import type { Output } from './push.command';

interface DayCount {
  day: string;
  counted_records: number;
  rejected_records: number;
}

export interface StatusArgs {
  readonly fromDay?: string;
  readonly toDay?: string;
  readonly json: boolean;
}

/** GET /v1/ingestion/status: records counted (de-duplicated) and rejected per UTC day, for this cluster. */
export async function runStatus(client: GatewayClient, args: StatusArgs, io: Output): Promise<ExitCode> {
  const query = new URLSearchParams();
  if (args.fromDay !== undefined) query.set('from_day', args.fromDay);
  if (args.toDay !== undefined) query.set('to_day', args.toDay);
  const qs = query.toString();
  const answer = await client.send('GET', `/v1/ingestion/status${qs === '' ? '' : `?${qs}`}`);
  if (answer.status !== 200) {
    throw new AgentError(
      `gateway refused the status request (HTTP ${answer.status}) ${describeRefusal(answer.status, answer.body)}`,
      EXIT.refused,
    );
  }
  const body = answer.body as { cluster_id?: string; days?: DayCount[] };
  if (args.json) {
    io.out(JSON.stringify(body));
    return EXIT.ok;
  }
  const days = Array.isArray(body.days) ? body.days : [];
  io.out(`cluster ${body.cluster_id ?? '?'}: records counted per UTC day of ended_at, rejected per day received`);
  io.out(`${'day'.padEnd(10)}  ${'counted'.padStart(12)}  ${'rejected'.padStart(10)}`);
  let counted = 0;
  let rejected = 0;
  for (const d of days) {
    counted += d.counted_records;
    rejected += d.rejected_records;
    io.out(
      `${d.day.padEnd(10)}  ${String(d.counted_records).padStart(12)}  ${String(d.rejected_records).padStart(10)}`,
    );
  }
  if (days.length === 0) io.out('(nothing in this window)');
  io.out(`${'total'.padEnd(10)}  ${String(counted).padStart(12)}  ${String(rejected).padStart(10)}`);
  return EXIT.ok;
}
