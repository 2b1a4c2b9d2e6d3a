import type { RatedLine } from '../rating/rated-line';

/** What the voucher engine reads from a rated line (a RatedLine is one). */
export type VoucherLine = Pick<
  RatedLine,
  | 'lineId'
  | 'kind'
  | 'periodId'
  | 'contractId'
  | 'sku'
  | 'resourceClass'
  | 'chipFamily'
  | 'domesticChip'
  | 'jobType'
  | 'amount'
  | 'jobs'
>;

/** The applicant facts programmes look at. */
export interface TenantProfile {
  readonly id: string;
  /** e.g. `startup`, `in_province`, `bad_credit`. */
  readonly flags: readonly string[];
}
