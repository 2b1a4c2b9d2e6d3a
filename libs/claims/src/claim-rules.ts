import { Injectable } from '@nestjs/common';
import { NotFound } from '@park/billing';
import {
  periodOf,
  programmeInForce,
  versionInForce,
  type FIXED_FOR_LIFE,
  type PeriodId,
  type Programme,
} from '@park/billing-domain';
import { CADENCES, cyclePeriods, type SettlementCadence } from './claim-cycle';
import { ClaimSourcesRepository, type ProgrammeOfClaim } from './claim-sources.repository';

/** What every version of a programme shares (checked when a version is added): the columns and FIXED_FOR_LIFE. */
export type LifelongRules = Pick<Programme, 'id' | 'bureau' | 'name' | (typeof FIXED_FOR_LIFE)[number]>;

/**
 * Rules a claim may read before it knows its cycle's version: the cadence that names the cycle, the mechanism that
 * picks its lines. Every version has version 1's (billing-domain's fixedRuleChanges refuses a change).
 */
export function lifelongRules(found: ProgrammeOfClaim): LifelongRules {
  return found.versions[0].programme;
}

/** A claim, or one being built, as far as the choice of its rules goes. */
export interface ClaimCycle {
  readonly programmeId: string;
  readonly cadence: string;
  readonly cycle: string;
  readonly lines: readonly { readonly periodId: string }[];
}

/** The rules a claim follows, and which version they are. */
export interface RulesInForce {
  readonly rules: Programme;
  readonly version: number;
  /** The period the version is in force for: the end of the claim's cycle. */
  readonly period: PeriodId;
  readonly bureauName: string;
}

/**
 * The period whose rules version a claim follows: the end of its cycle, when the claim is assembled. Quarterly and
 * yearly, the cycle's last month; per contract, the month of the contract's last day, or (open-ended, or no such
 * contract) the latest period among the claim's lines. Pure.
 */
export function claimRulesPeriod(input: {
  cadence: SettlementCadence;
  cycle: string;
  /** Per contract: the contract's end (exclusive), null when open-ended. */
  contractEnd?: Date | null;
  linePeriods: readonly string[];
}): PeriodId {
  if (input.cadence !== 'per_contract') {
    const last = cyclePeriods(input.cadence, input.cycle)?.at(-1);
    if (!last) throw new Error(`not a ${input.cadence} cycle: ${input.cycle}`);
    return last;
  }
  if (input.contractEnd) return periodOf(new Date(input.contractEnd.getTime() - 1));
  const latest = [...input.linePeriods].sort().at(-1);
  if (!latest) throw new Error(`an open-ended contract's claim ${input.cycle} has no lines to date it`);
  return latest;
}

/**
 * The programme rules of claims (build, checklist, submit, evidence items, review): the version in force at the end
 * of the claim's cycle, chosen by billing-domain's versionInForce, the function statements are rated with. A rules
 * change in the middle of a quarter or a year therefore applies to the whole cycle's claim. A submitted claim keeps
 * what it was submitted with: its manifest (the checklist as it stood), never these rules read again.
 */
@Injectable()
export class ClaimRules {
  constructor(private readonly sources: ClaimSourcesRepository) {}

  /** A programme's versions and bureau. */
  async find(programmeId: string): Promise<ProgrammeOfClaim> {
    const found = await this.sources.programme(programmeId);
    if (!found) throw new NotFound('programme', programmeId);
    return found;
  }

  /** The rules a claim follows (`found`: its programme, when the caller has read it). */
  async of(claim: ClaimCycle, found?: ProgrammeOfClaim): Promise<RulesInForce> {
    const programme = found ?? (await this.find(claim.programmeId));
    const cadence = cadenceOf(claim.cadence);
    const contractEnd = cadence === 'per_contract' ? await this.sources.contractEnd(claim.cycle) : null;
    const period = claimRulesPeriod({
      cadence,
      cycle: claim.cycle,
      contractEnd,
      linePeriods: claim.lines.map((l) => l.periodId),
    });
    const v = versionInForce(programme.versions, period);
    return { rules: v.programme, version: v.version, period, bureauName: programme.bureauName };
  }

  /** Another programme's rules in force in a claim's period (the cross-programme check), or null. */
  async inPeriod(programmeId: string, period: PeriodId): Promise<Programme | null> {
    const found = await this.sources.programme(programmeId);
    return found ? programmeInForce(found.versions, period) : null;
  }
}

function cadenceOf(stored: string): SettlementCadence {
  const cadence = CADENCES.find((c) => c === stored);
  if (!cadence) throw new Error(`a claim's cadence is one of ${CADENCES.join(', ')}, not ${stored}`);
  return cadence;
}
