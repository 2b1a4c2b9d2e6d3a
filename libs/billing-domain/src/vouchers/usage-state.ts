import { type Decimal, ZERO } from '@park/money';

/** Deductions already counted against caps and pools, read by the caller from the ledger. */
export interface UsageState {
  readonly tenantYear: readonly {
    readonly programmeId: string;
    readonly tenantId: string;
    readonly year: number;
    readonly used: Decimal;
  }[];
  readonly tenantCumulative: readonly {
    readonly programmeId: string;
    readonly tenantId: string;
    readonly used: Decimal;
  }[];
  readonly poolYear: readonly { readonly programmeId: string; readonly year: number; readonly used: Decimal }[];
}

export const EMPTY_USAGE_STATE: UsageState = { tenantYear: [], tenantCumulative: [], poolYear: [] };

/** Counter keys; JSON so that no id can collide with the separator. */
export const counterKey = {
  tenantYear: (programmeId: string, tenantId: string, year: number): string =>
    JSON.stringify(['tenantYear', programmeId, tenantId, year]),
  tenantCumulative: (programmeId: string, tenantId: string): string =>
    JSON.stringify(['tenantCumulative', programmeId, tenantId]),
  poolYear: (programmeId: string, year: number): string => JSON.stringify(['poolYear', programmeId, year]),
};

/**
 * Mutable working copy of the counters and grant balances. `draft()` gives an overlay used to try a
 * candidate programme on a line without touching the book; `commit` folds the winner back in.
 */
export class UsageBook {
  private constructor(
    private readonly counters: Map<string, Decimal>,
    private readonly balances: Map<string, Decimal>,
  ) {}

  static from(state: UsageState, grants: readonly { readonly id: string; readonly balance: Decimal }[]): UsageBook {
    const counters = new Map<string, Decimal>();
    const add = (key: string, used: Decimal) => counters.set(key, (counters.get(key) ?? ZERO).plus(used));
    for (const e of state.tenantYear) add(counterKey.tenantYear(e.programmeId, e.tenantId, e.year), e.used);
    for (const e of state.tenantCumulative) add(counterKey.tenantCumulative(e.programmeId, e.tenantId), e.used);
    for (const e of state.poolYear) add(counterKey.poolYear(e.programmeId, e.year), e.used);
    return new UsageBook(counters, new Map(grants.map((g) => [g.id, g.balance])));
  }

  used(key: string): Decimal {
    return this.counters.get(key) ?? ZERO;
  }

  /** Registers more grants' balances (a grant already known keeps its running balance). */
  addGrants(grants: readonly { readonly id: string; readonly balance: Decimal }[]): void {
    for (const g of grants) if (!this.balances.has(g.id)) this.balances.set(g.id, g.balance);
  }

  balance(grantId: string): Decimal {
    return this.balances.get(grantId) ?? ZERO;
  }

  draft(): UsageDraft {
    return new UsageDraft(this);
  }

  commit(draft: UsageDraft): void {
    for (const [k, v] of draft.counterDeltas) this.counters.set(k, (this.counters.get(k) ?? ZERO).plus(v));
    for (const [k, v] of draft.balanceDeltas) this.balances.set(k, (this.balances.get(k) ?? ZERO).minus(v));
  }

  toState(): UsageState {
    const tenantYear: { programmeId: string; tenantId: string; year: number; used: Decimal }[] = [];
    const tenantCumulative: { programmeId: string; tenantId: string; used: Decimal }[] = [];
    const poolYear: { programmeId: string; year: number; used: Decimal }[] = [];
    for (const k of [...this.counters.keys()].sort()) {
      const used = this.counters.get(k) ?? ZERO;
      const key = JSON.parse(k) as [string, string, string | number, number?];
      if (key[0] === 'tenantYear')
        tenantYear.push({ programmeId: key[1], tenantId: String(key[2]), year: Number(key[3]), used });
      else if (key[0] === 'tenantCumulative')
        tenantCumulative.push({ programmeId: key[1], tenantId: String(key[2]), used });
      else poolYear.push({ programmeId: key[1], year: Number(key[2]), used });
    }
    return { tenantYear, tenantCumulative, poolYear };
  }
}

export class UsageDraft {
  readonly counterDeltas = new Map<string, Decimal>();
  readonly balanceDeltas = new Map<string, Decimal>();

  constructor(private readonly book: UsageBook) {}

  used(key: string): Decimal {
    return this.book.used(key).plus(this.counterDeltas.get(key) ?? ZERO);
  }

  balance(grantId: string): Decimal {
    return this.book.balance(grantId).minus(this.balanceDeltas.get(grantId) ?? ZERO);
  }

  record(key: string, amount: Decimal): void {
    this.counterDeltas.set(key, (this.counterDeltas.get(key) ?? ZERO).plus(amount));
  }

  redeem(grantId: string, amount: Decimal): void {
    this.balanceDeltas.set(grantId, (this.balanceDeltas.get(grantId) ?? ZERO).plus(amount));
  }
}
