/** Ledger account ids (double entry: every transaction's postings sum to zero). */
export const ledgerAccount = {
  /** The voucher itself: its balance is the sum of this account's postings. */
  grant: (grantId: string): string => `grant:${grantId}`,
  /** Where a programme's face values come from (negative: what the bureau has granted). */
  issued: (programmeId: string): string => `programme:${programmeId}:issued`,
  /** What a programme has paid on statements (positive: what the operator claims back). */
  redeemed: (programmeId: string): string => `programme:${programmeId}:redeemed`,
};
