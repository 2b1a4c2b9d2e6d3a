import type { AuditEvent, ChainAnchor, ChainBroken, ChainFault, ChainVerification } from './audit-event.types';
import { chainHash, GENESIS_HASH } from './audit-chain.hasher';
import { CanonicalJsonError } from './audit.errors';

const SEQ = /^(0|[1-9][0-9]*)$/;

export interface VerifyOptions {
  /**
   * The head as known from elsewhere (published in a claim's evidence pack, kept outside the table).
   * Without it a chain cut short at the end looks intact; with it, a missing or rewritten tail is found.
   */
  anchor?: ChainAnchor;
  /** Verify a later part of the chain: the trusted event just before the first one given. Default: genesis. */
  from?: ChainAnchor;
}

/** Checks events one at a time, in seq order, so a long log can be read page by page. */
export interface ChainVerifier {
  /** Checks the next event; returns the fault once one is found (later events are then ignored). */
  push(event: AuditEvent): ChainBroken | null;
  result(): ChainVerification;
}

function seqOf(value: unknown): bigint | null {
  return typeof value === 'string' && SEQ.test(value) ? BigInt(value) : null;
}

export function createChainVerifier(options: VerifyOptions = {}): ChainVerifier {
  let lastSeq = options.from ? (seqOf(options.from.seq) ?? -1n) : 0n;
  let lastHash = options.from?.hash ?? GENESIS_HASH;
  if (lastSeq < 0n) throw new TypeError('from.seq must be a decimal integer');
  const anchorSeq = options.anchor ? seqOf(options.anchor.seq) : null;
  if (options.anchor && (anchorSeq === null || anchorSeq <= lastSeq))
    throw new TypeError('anchor.seq must be a decimal integer after from.seq');
  let count = 0;
  let broken: ChainBroken | null = null;

  const fail = (reason: ChainFault, detail: string): ChainBroken => {
    broken = { ok: false, firstBadSeq: (lastSeq + 1n).toString(), reason, detail, count };
    return broken;
  };

  const check = (event: AuditEvent): ChainBroken | null => {
    const expected = lastSeq + 1n;
    const seq = seqOf(event.seq);
    if (seq === null) {
      const shown = typeof event.seq === 'string' ? JSON.stringify(event.seq) : `of type ${typeof event.seq}`;
      return fail('malformed', `seq ${shown} is not a decimal string`);
    }
    if (seq < expected) return fail('out of order', `expected seq ${expected}, found ${seq} again or earlier`);
    if (seq > expected) return fail('sequence gap', `expected seq ${expected}, found ${seq}`);
    if (event.prevHash !== lastHash) return fail('broken link', `prevHash does not match the hash of seq ${lastSeq}`);
    let computed: string;
    try {
      computed = chainHash(event.prevHash, event);
    } catch (error) {
      if (error instanceof CanonicalJsonError)
        return fail('malformed', `${error.path.replace(/^\$/, 'event')}: ${error.problem}`);
      throw error;
    }
    if (computed !== event.hash) return fail('hash mismatch', 'the stored hash is not the hash of the stored fields');
    if (anchorSeq !== null && seq === anchorSeq && event.hash !== options.anchor?.hash) {
      return fail(
        'anchor mismatch',
        `seq ${seq} is not the event the anchor names: the chain was rewritten from here or earlier`,
      );
    }
    lastSeq = seq;
    lastHash = event.hash;
    count += 1;
    return null;
  };

  return {
    push(event) {
      return broken ?? check(event);
    },
    result() {
      if (broken) return broken;
      if (anchorSeq !== null && anchorSeq > lastSeq) {
        const detail = `the chain ends at seq ${lastSeq}, the anchor names seq ${anchorSeq}`;
        return { ok: false, firstBadSeq: (lastSeq + 1n).toString(), reason: 'truncated', detail, count };
      }
      return {
        ok: true,
        count,
        head: count === 0 && !options.from ? null : { seq: lastSeq.toString(), hash: lastHash },
      };
    },
  };
}

/**
 * Verifies events given in seq order (SELECT … ORDER BY seq) and names the first bad one: the chain is
 * intact up to firstBadSeq − 1. Detects a changed field in any row, a deleted row, rows swapped or inserted,
 * and, given the anchor, a missing or rewritten tail.
 */
export function verifyChain(events: readonly AuditEvent[], options: VerifyOptions = {}): ChainVerification {
  const verifier = createChainVerifier(options);
  for (let i = 0; i < events.length; i += 1) {
    const fault = verifier.push(events[i]);
    if (fault === null) continue;
    // A whole list can tell a gap from rows moved out of place: is the missing seq further on?
    if (fault.reason === 'sequence gap' && events.slice(i + 1).some((e) => e.seq === fault.firstBadSeq)) {
      return {
        ...fault,
        reason: 'out of order',
        detail: `${fault.detail}; seq ${fault.firstBadSeq} comes later in the list`,
      };
    }
    return fault;
  }
  return verifier.result();
}
