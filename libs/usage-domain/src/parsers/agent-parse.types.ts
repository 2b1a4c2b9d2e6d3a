import type { UsageRecordWire } from '../record/usage-record.types';

export type SkipReason =
  | 'job_step'
  | 'not_finished'
  | 'never_started'
  | 'unmapped_tenant'
  | 'unknown_resource'
  | 'no_billable_resource'
  | 'zero_usage'
  | 'malformed_entry'
  | 'event_id_too_long';

/** A job the parser did not turn into a record, and why: nothing is dropped without a trace. */
export interface SkippedJob {
  /** 1-based line (sacct) or 0-based pod index (feed). */
  readonly position: number;
  readonly jobId: string;
  readonly reason: SkipReason;
  readonly detail?: string;
}

export interface AgentParseResult {
  readonly records: UsageRecordWire[];
  readonly skipped: SkippedJob[];
}

/** The input as a whole is unusable (missing header columns, not a feed object). */
export class UsageSourceFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageSourceFormatError';
  }
}

const EVENT_ID_PART = /[^A-Za-z0-9._:-]/g;

/** Makes a string safe inside an event id; deterministic, so re-parsing gives the same ids. */
export function eventIdPart(text: string): string {
  return text.replace(EVENT_ID_PART, '_');
}
