import type { Decimal, DecimalInput, RoundingRuleCode } from '@park/money';
import type { JobType, ResourceClass } from '../catalogue/resource-class';
import type { LocalDate } from '../time/shanghai-calendar';
import type { ContractRules, ContractRulesSpec } from './contract-rules';
import type { ContractSettlementRules, ContractSettlementRulesSpec } from './contract-settlement.rules';
import type { EVIDENCE_ITEMS, POOL_ORDERS, SETTLEMENT_CADENCES } from './programme-rules.schema';

// The programme model (what readProgramme returns) and its input (ProgrammeSpec), apart from the reading.

export type ProgrammeKind = 'voucher' | 'training_subsidy';
/**
 * on_bill: deducted on the statement, the operator claims it; reimbursed: paid back after the tenant paid in full;
 * contract_settlement: a share of a contract's settled amount, computed when the settlement is recorded (no grants).
 */
export type Mechanism = 'on_bill' | 'reimbursed' | 'contract_settlement';
/** How the operator claims the programme's redemptions back (兑付): per quarter, per year, or per contract. */
export type SettlementCadence = (typeof SETTLEMENT_CADENCES)[number];

/** A ratio tier applies when every condition it names holds. */
export interface RatioCondition {
  readonly resourceClasses?: readonly ResourceClass[];
  readonly domesticChip?: boolean;
  readonly chipFamilies?: readonly string[];
  /** Applicant flags the tenant must all carry, e.g. `startup`. */
  readonly tenantFlags?: readonly string[];
}

export interface RatioTier {
  readonly label: string;
  readonly when: RatioCondition;
  readonly ratio: Decimal;
}

/** First matching tier wins; otherwise `fallback`; null fallback = lines matching no tier get nothing. */
export interface RatioRule {
  readonly tiers: readonly RatioTier[];
  readonly fallback: Decimal | null;
}

export interface TrainingThreshold {
  /** A job qualifies when it ran on at least this many devices … */
  readonly minDevices: number | null;
  /** … and for at least this many device-hours (devices × hours). */
  readonly minDeviceHours: Decimal | null;
}

export interface Eligibility {
  /** null = any. Storage and network are excluded simply by not listing them. */
  readonly resourceClasses: readonly ResourceClass[] | null;
  readonly skus: readonly string[] | null;
  readonly jobTypes: readonly JobType[] | null;
  readonly requiredTenantFlags: readonly string[];
  readonly excludedTenantFlags: readonly string[];
  readonly trainingThreshold: TrainingThreshold | null;
}

export interface ProgrammeCaps {
  /** Checked when a grant is issued. */
  readonly minFaceValue: Decimal | null;
  readonly maxFaceValue: Decimal | null;
  /** Deductions per tenant per calendar year of the usage period. */
  readonly perTenantPerYear: Decimal | null;
  /** Deductions per tenant over the programme's life. */
  readonly perTenantCumulative: Decimal | null;
  /** One grant per contract (checked at grant time); such grants only cover that contract's lines. */
  readonly singleUsePerContract: boolean;
}

export interface Funder {
  readonly id: string;
  readonly share: Decimal;
}

export interface Programme {
  readonly id: string;
  readonly bureau: string;
  readonly name: string;
  readonly kind: ProgrammeKind;
  readonly mechanism: Mechanism;
  /** Lower runs first (grant order and stacking order); ties by id. */
  readonly priority: number;
  readonly ratio: RatioRule;
  readonly eligibility: Eligibility;
  readonly caps: ProgrammeCaps;
  /**
   * Yearly budget across all tenants; null = unlimited. `order` decides who is paid when a close cannot pay
   * everyone (see pool-allocation.ts): `grant_issue_time` (default) or `pro_rata`.
   */
  readonly pool: { readonly yearlyBudget: Decimal; readonly order: PoolOrder } | null;
  /** Co-funding shares (province : city 1 : 1); each deduction is split by them, remainder to the first. */
  readonly funders: readonly Funder[];
  /** Usage dates the programme covers (inclusive); grants must lie inside. */
  readonly window: { readonly from: LocalDate; readonly to: LocalDate } | null;
  /** A grant valid for part of a period covers eligible × valid days / days in period. */
  readonly dayProration: boolean;
  readonly rounding: RoundingRuleCode;
  /** Programmes in one group stack on a line up to the group's ceiling; others are 从优不重复. */
  readonly stackingGroup: string | null;
  /** null: the operator chooses per claim (quarterly by default). */
  readonly settlementCadence: SettlementCadence | null;
  /** Rules on the contract a grant is tied to (signing date, term); null = none. */
  readonly contractRules: ContractRules | null;
  /** The parameters of mechanism contract_settlement (base period, day count, roundings); null otherwise. */
  readonly contractSettlement: ContractSettlementRules | null;
  /**
   * Whether amounts the bureau rejects on a claim are billed back to the tenant (the default) or borne by the operator.
   */
  readonly rejectedAmountsToTenant: boolean;
  /** What a claim must carry before it is submitted (issue 16 item 4); [] = nothing required. */
  readonly evidenceChecklist: readonly EvidenceItem[];
}

export interface StackingGroup {
  readonly id: string;
  /** Combined ceiling as a share of the line amount (1 = 100 %). */
  readonly ceiling: Decimal;
}

export interface ProgrammeSpec {
  readonly id: string;
  readonly bureau: string;
  readonly name: string;
  readonly kind?: ProgrammeKind;
  readonly mechanism?: Mechanism;
  readonly priority?: number;
  /** A flat ratio ("0.3") or tiers. */
  readonly ratio:
    | DecimalInput
    | {
        readonly tiers: readonly {
          readonly label?: string;
          readonly when: RatioCondition;
          readonly ratio: DecimalInput;
        }[];
        readonly fallback?: DecimalInput | null;
      };
  readonly eligibility?: {
    readonly resourceClasses?: readonly ResourceClass[] | null;
    readonly skus?: readonly string[] | null;
    readonly jobTypes?: readonly JobType[] | null;
    readonly requiredTenantFlags?: readonly string[];
    readonly excludedTenantFlags?: readonly string[];
    readonly trainingThreshold?: {
      readonly minDevices?: number | null;
      readonly minDeviceHours?: DecimalInput | null;
    } | null;
  };
  readonly caps?: {
    readonly minFaceValue?: DecimalInput | null;
    readonly maxFaceValue?: DecimalInput | null;
    readonly perTenantPerYear?: DecimalInput | null;
    readonly perTenantCumulative?: DecimalInput | null;
    readonly singleUsePerContract?: boolean;
  };
  readonly pool?: { readonly yearlyBudget: DecimalInput; readonly order?: PoolOrder } | null;
  readonly funders?: readonly { readonly id: string; readonly share: DecimalInput }[];
  readonly window?: { readonly from: LocalDate; readonly to: LocalDate } | null;
  readonly dayProration?: boolean;
  readonly rounding?: RoundingRuleCode;
  readonly stackingGroup?: string | null;
  readonly settlementCadence?: SettlementCadence | null;
  readonly rejectedAmountsToTenant?: boolean;
  readonly contractRules?: ContractRulesSpec | null;
  readonly contractSettlement?: ContractSettlementRulesSpec | null;
  readonly evidenceChecklist?: readonly EvidenceItem[];
}

export type EvidenceItem = (typeof EVIDENCE_ITEMS)[number];

export type PoolOrder = (typeof POOL_ORDERS)[number];
