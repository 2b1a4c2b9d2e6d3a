import { Decimal, formatAmount } from '@park/money';

/** A statement line this claim asks the bureau to pay for (its claimed deduction). */
export interface ClaimedLine {
  readonly statementId: string;
  readonly statementNumber: string;
  readonly tenantId: string;
  readonly lineId: string;
  readonly claimed: string;
}

/** A deduction of another programme on a statement that one of that programme's claims holds. */
export interface OtherClaimed {
  readonly statementId: string;
  readonly lineId: string;
  readonly programmeId: string;
  readonly stackingGroup: string | null;
  readonly claimId: string;
  readonly amount: string;
}

export interface CrossProgrammeFinding {
  readonly statementNumber: string;
  readonly tenantId: string;
  readonly lineId: string;
  readonly claimed: string;
  readonly otherProgrammeId: string;
  readonly otherClaimId: string;
  readonly otherAmount: string;
}

export interface CrossProgrammeResult {
  readonly programmeId: string;
  readonly stackingGroup: string | null;
  readonly checkedLines: number;
  readonly ok: boolean;
  /** The same 元 on another programme's claim, and the two programmes do not stack. */
  readonly conflicts: readonly CrossProgrammeFinding[];
  /** Also claimed under another programme of the same stacking group: allowed, listed for the bureau. */
  readonly stacked: readonly CrossProgrammeFinding[];
}

/**
 * For every claimed statement line: is any of its 元 also on another programme's claim? Allowed only when the two
 * programmes stack (the same stacking group); otherwise a conflict (从优不重复: one line, one subsidy). Pure.
 */
export function crossProgrammeCheck(input: {
  programme: { id: string; stackingGroup: string | null };
  lines: readonly ClaimedLine[];
  others: readonly OtherClaimed[];
}): CrossProgrammeResult {
  const { programme } = input;
  const conflicts: CrossProgrammeFinding[] = [];
  const stacked: CrossProgrammeFinding[] = [];
  for (const line of input.lines) {
    if (new Decimal(line.claimed).lte(0)) continue;
    const same = input.others.filter(
      (o) =>
        o.statementId === line.statementId &&
        o.lineId === line.lineId &&
        o.programmeId !== programme.id &&
        new Decimal(o.amount).gt(0),
    );
    for (const o of same) {
      const finding = {
        statementNumber: line.statementNumber,
        tenantId: line.tenantId,
        lineId: line.lineId,
        claimed: formatAmount(new Decimal(line.claimed)),
        otherProgrammeId: o.programmeId,
        otherClaimId: o.claimId,
        otherAmount: formatAmount(new Decimal(o.amount)),
      };
      const stacks = programme.stackingGroup !== null && programme.stackingGroup === o.stackingGroup;
      (stacks ? stacked : conflicts).push(finding);
    }
  }
  return {
    programmeId: programme.id,
    stackingGroup: programme.stackingGroup,
    checkedLines: input.lines.length,
    ok: conflicts.length === 0,
    conflicts,
    stacked,
  };
}

/** What the checklist names as missing while conflicts remain. */
export function crossProgrammeMissing(result: CrossProgrammeResult): string[] {
  return result.conflicts.map(
    (c) =>
      `cross_programme_check: statement ${c.statementNumber} line ${c.lineId} of tenant ${c.tenantId} is also ` +
      `claimed under programme ${c.otherProgrammeId} (claim ${c.otherClaimId}), which does not stack`,
  );
}
