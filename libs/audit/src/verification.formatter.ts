import type { ChainBroken, ChainIntact, ChainVerification } from './audit-event.types';

/** A verification as a reader scoped to part of the log sees it: where and how the chain breaks, not the detail. */
export type RedactedVerification = ChainIntact | Omit<ChainBroken, 'detail'>;

/** Drops the fault's detail, which may quote an event the reader is not allowed to see. */
export function withoutDetail(result: ChainVerification): RedactedVerification {
  if (result.ok) return result;
  const { detail: _detail, ...where } = result;
  return where;
}

/** One line for a CLI or a log: what was checked and, if broken, where and why. Exit non-zero when !result.ok. */
export function formatVerification(result: ChainVerification | RedactedVerification): string {
  if (result.ok) {
    if (result.head === null) return 'audit chain intact: no events';
    return (
      `audit chain intact: ${result.count} event${result.count === 1 ? '' : 's'} checked, head seq ` +
      `${result.head.seq} hash ${result.head.hash}`
    );
  }
  const detail = 'detail' in result ? `: ${result.detail}` : '';
  return (
    `audit chain BROKEN at seq ${result.firstBadSeq}: ${result.reason}${detail} (${result.count} ` +
    `event${result.count === 1 ? '' : 's'} intact before it)`
  );
}
