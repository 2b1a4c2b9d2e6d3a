import { type Decimal, type DecimalInput, ZERO, formatAmount, parseNonNegativeAmount } from '@park/money';
import { GrantExhausted, GrantNotActive } from '../errors/domain.errors';
import { buildOrThrow, type Issues } from '../errors/validation.error';
import { isLocalDate, type LocalDate } from '../time/shanghai-calendar';
import type { Programme } from './programme';
import { checkContractRules, type ContractFacts } from './contract-rules';

export type GrantStatus = 'active' | 'suspended' | 'revoked';

/** One tenant's voucher under a programme. */
export interface Grant {
  readonly id: string;
  readonly programmeId: string;
  readonly tenantId: string;
  readonly faceValue: Decimal;
  /** Computed by the caller from the ledger (face value − redemptions + reversals). */
  readonly balance: Decimal;
  /** Asia/Shanghai calendar days, both inclusive. */
  readonly validFrom: LocalDate;
  readonly validTo: LocalDate;
  readonly contractId: string | null;
  readonly status: GrantStatus;
}

export interface GrantSpec {
  readonly id: string;
  readonly programmeId: string;
  readonly tenantId: string;
  readonly faceValue: DecimalInput;
  readonly balance?: DecimalInput;
  readonly validFrom: LocalDate;
  readonly validTo: LocalDate;
  readonly contractId?: string | null;
  readonly status?: GrantStatus;
}

export function readGrant(spec: GrantSpec, issues: Issues, path: string): Grant {
  const faceValue = issues.decimal(parseNonNegativeAmount, spec.faceValue, `${path}.faceValue`, ZERO);
  const balance = issues.decimal(parseNonNegativeAmount, spec.balance ?? spec.faceValue, `${path}.balance`, ZERO);
  issues.check(balance.lessThanOrEqualTo(faceValue), `${path}.balance`, 'greater than the face value');
  const validFrom = spec.validFrom;
  const validTo = spec.validTo;
  issues.check(isLocalDate(validFrom), `${path}.validFrom`, 'YYYY-MM-DD');
  issues.check(isLocalDate(validTo), `${path}.validTo`, 'YYYY-MM-DD');
  issues.check(validFrom <= validTo, `${path}.validTo`, 'before validFrom');
  return {
    id: issues.string(spec.id, `${path}.id`),
    programmeId: issues.string(spec.programmeId, `${path}.programmeId`),
    tenantId: issues.string(spec.tenantId, `${path}.tenantId`),
    faceValue,
    balance,
    validFrom,
    validTo,
    contractId: spec.contractId ?? null,
    status: issues.oneOf(
      spec.status ?? 'active',
      ['active', 'suspended', 'revoked'] as const,
      `${path}.status`,
      'active',
    ),
  };
}

export function buildGrant(spec: GrantSpec): Grant {
  return buildOrThrow('grant', (issues) => readGrant(spec, issues, 'grant'));
}

/**
 * Rules checked when a grant is issued (not when it is applied): minimum and maximum face value,
 * validity inside the programme's window, one grant per contract where the programme says so, the programme's
 * contract rules (signing date, term) on the contract named (`contract`: its facts, when the grant names one).
 */
export function validateGrantIssue(input: {
  readonly programme: Programme;
  readonly grant: GrantSpec;
  readonly existingGrants: readonly Grant[];
  readonly contract?: ContractFacts | null;
}): Grant {
  const { programme } = input;
  return buildOrThrow('grant', (issues) => {
    const grant = readGrant(input.grant, issues, 'grant');
    issues.check(grant.programmeId === programme.id, 'grant.programmeId', `is not ${programme.id}`);
    issues.check(
      programme.mechanism !== 'contract_settlement',
      'grant.programmeId',
      `programme ${programme.id} pays on contract settlements: it has no grants (record the settlement instead)`,
    );
    issues.check(grant.balance.equals(grant.faceValue), 'grant.balance', 'a new grant starts with its full face value');
    const { minFaceValue, maxFaceValue, singleUsePerContract } = programme.caps;
    if (minFaceValue)
      issues.check(
        grant.faceValue.greaterThanOrEqualTo(minFaceValue),
        'grant.faceValue',
        `below the programme minimum ${formatAmount(minFaceValue)}`,
      );
    if (maxFaceValue)
      issues.check(
        grant.faceValue.lessThanOrEqualTo(maxFaceValue),
        'grant.faceValue',
        `above the programme maximum ${formatAmount(maxFaceValue)}`,
      );
    issues.check(grant.faceValue.greaterThan(0), 'grant.faceValue', 'must be greater than 0');
    if (programme.window) {
      issues.check(
        grant.validFrom >= programme.window.from && grant.validTo <= programme.window.to,
        'grant.validTo',
        `validity must lie within the programme window ${programme.window.from}..${programme.window.to}`,
      );
    }
    if (programme.contractRules) {
      const path = 'grant.contractId';
      const named = issues.check(
        grant.contractId !== null,
        path,
        'the programme has contract rules (signing date, term); name the contract',
      );
      if (
        named &&
        issues.check(
          input.contract?.id === grant.contractId,
          path,
          `the facts of contract ${grant.contractId} are needed`,
        )
      ) {
        checkContractRules(programme.contractRules, input.contract as ContractFacts, issues, 'grant.contractId');
      }
    }
    if (singleUsePerContract) {
      if (
        issues.check(
          grant.contractId !== null,
          'grant.contractId',
          'the programme grants once per contract; name the contract',
        )
      ) {
        const dup = input.existingGrants.find(
          (g) =>
            g.programmeId === programme.id &&
            g.contractId === grant.contractId &&
            g.status !== 'revoked' &&
            g.id !== grant.id,
        );
        issues.check(
          dup === undefined,
          'grant.contractId',
          `contract ${grant.contractId} already holds grant ${dup?.id} of this programme`,
        );
      }
    }
    return grant;
  });
}

/**
 * Guard for posting a redemption to the ledger (inside the issuing transaction, with the balance
 * read under lock): throws GrantNotActive / GrantExhausted rather than let a balance go negative.
 */
export function assertRedeemable(grant: Grant, amount: Decimal): void {
  if (grant.status !== 'active') throw new GrantNotActive(grant.id, grant.status);
  if (amount.greaterThan(grant.balance))
    throw new GrantExhausted(grant.id, formatAmount(grant.balance), amount.toFixed());
}
