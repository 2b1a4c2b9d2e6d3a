import type { ChainVerification } from './audit-event.types';

/** One line for a CLI or a log: what was checked and, if broken, where and why. Exit non-zero when !result.ok. */
export function formatVerification(result: ChainVerification): string {
  if (result.ok) {
    if (result.head === null) return 'audit chain intact: no events';
    return `audit chain intact: ${result.count} event${result.count === 1 ? '' : 's'} checked, head seq ${result.head.seq} hash ${result.head.hash}`;
  }
  return `audit chain BROKEN at seq ${result.firstBadSeq}: ${result.reason}: ${result.detail} (${result.count} event${result.count === 1 ? '' : 's'} intact before it)`;
}
