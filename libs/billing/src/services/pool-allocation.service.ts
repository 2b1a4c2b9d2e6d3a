import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ValidationError,
  allocatePools,
  periodLastDay,
  type GrantStatus,
  type PeriodId,
  type TenantToClose,
} from '@park/billing-domain';
import { GrantRepository } from '../repositories/grant.repository';
import { BillingReadRepository } from '../repositories/billing-read.repository';
import { PoolPassReads } from '../repositories/pool-pass.reads';
import {
  allocationKey,
  PoolAllocationRepository,
  type StoredPoolPass,
} from '../repositories/pool-allocation.repository';
import { StatementRepository } from '../repositories/statement.repository';
import type { ParkRules } from './billing-context.loader';
import { lookbackStart, StatementRatingService } from './statement-rating.service';

/** Tenants rated at once by the pool pass (each a draft from the run's snapshot; grants and counters read in bulk). */
const PASS_READ_CONCURRENCY = 8;

/** `work` over `items`, at most `limit` at a time; results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

interface CloseRun {
  readonly parkId: string;
  readonly periodId: PeriodId;
  readonly closeRun: string;
  readonly rules: ParkRules;
}

/** What a tenant may draw from each pool in a close: programme id → (year → 2-dp amount; absent = 0). */
export interface PoolLimits {
  readonly programmeIds: readonly string[];
  amountFor(programmeId: string, year: number): string;
}

/**
 * Pools in a period close (issue 12 item 4). Close jobs run concurrently and commit in any order, so a pool that
 * cannot pay everyone must not go to whoever commits first. The first job of a run that needs it computes the
 * pass for the whole close — every pooled tenant's statement against the pools, in the programmes' pool order
 * (billing-domain `allocatePools`) — and stores it (first writer wins); each tenant's issue then draws exactly
 * its allocation. Same inputs, same statements, at any close concurrency.
 */
@Injectable()
export class PoolAllocationService {
  /** One computation per run and process (concurrent jobs of a run share it). */
  private readonly inFlight = new Map<string, Promise<StoredPoolPass>>();

  constructor(
    private readonly repo: PoolAllocationRepository,
    private readonly grants: GrantRepository,
    private readonly reads: PoolPassReads,
    private readonly contexts: BillingReadRepository,
    private readonly statements: StatementRepository,
    private readonly rating: StatementRatingService,
  ) {}

  /** null: no pooled programme concerns this tenant in this close (it draws first come, as outside a close). */
  async limitsFor(input: CloseRun & { tenantId: string }): Promise<PoolLimits | null> {
    const pooled = input.rules.programmes.filter((p) => p.pool !== null).map((p) => p.id);
    if (pooled.length === 0) return null;
    const pass = await this.pass(input, pooled);
    if (!pass.tenantIds.has(input.tenantId)) return null;
    const amountFor = (p: string, y: number) => pass.amounts.get(allocationKey(p, y, input.tenantId)) ?? '0.00';
    return { programmeIds: pooled, amountFor };
  }

  private pass(input: CloseRun, pooled: readonly string[]): Promise<StoredPoolPass> {
    let pass = this.inFlight.get(input.closeRun);
    if (!pass) {
      pass = this.repo.find(input.closeRun).then((found) => found ?? this.compute(input, pooled));
      this.inFlight.set(input.closeRun, pass);
      pass.then(
        () => setTimeout(() => this.inFlight.delete(input.closeRun), 60_000).unref(),
        () => this.inFlight.delete(input.closeRun),
      );
    }
    return pass;
  }

  private async compute(input: CloseRun, pooled: readonly string[]): Promise<StoredPoolPass> {
    const { parkId, periodId, closeRun, rules } = input;
    const holders = await this.grants.firstGrantIssuedAt(parkId, pooled);
    const issuedRows = await this.statements.listIssuedForPeriod(
      periodId,
      holders.map((h) => h.tenantId),
    );
    const issued = new Set(issuedRows.map((s) => s.tenantId));
    const candidates = holders.filter((h) => !issued.has(h.tenantId));
    const ids = candidates.map((h) => h.tenantId);
    const contexts = await this.contexts.issueContexts(ids, periodId, lookbackStart(periodId));
    const rate = async (h: { tenantId: string; issuedAt: Date }) => {
      try {
        return await this.rating.draftLines(h.tenantId, periodId, closeRun, contexts.get(h.tenantId));
      } catch (error) {
        // A tenant that cannot be rated (a missing price, usage the store lost …) fails its own task with that
        // error; it is left out of the pass rather than failing every pooled tenant of the close. Rated after the
        // operator mends it, it draws from what the pools have left, as outside a close.
        if (error instanceof DomainError || error instanceof ValidationError) return null;
        throw error;
      }
    };
    const rated = await mapLimited(candidates, PASS_READ_CONCURRENCY, rate);
    const covered = candidates.flatMap((h, i) => {
      const draft = rated[i];
      return draft === null ? [] : [{ ...h, draft }];
    });
    const state = await this.reads.stateOf(covered.map((h) => h.tenantId));
    const tenants = covered.map((h): TenantToClose => {
      const grants = state.grantsByTenant.get(h.tenantId) ?? [];
      return {
        tenant: { id: h.tenantId, flags: h.draft.context.tenant.flags },
        lines: h.draft.lines,
        grants: grants.map((g) => ({
          ...g,
          status: g.status as GrantStatus,
          balance: state.balances.get(g.id) ?? '0',
        })),
        queuePosition: h.issuedAt.getTime(),
      };
    });
    const counters = state.counters;
    const pools = new Map(counters.filter((c) => c.tenantId === '').map((c) => [`${c.programmeId}|${c.year}`, c]));
    const allocations = allocatePools({
      asOf: periodLastDay(periodId),
      programmes: rules.programmes,
      stackingGroups: rules.stackingGroups,
      state: {
        tenantYear: counters.filter((c) => c.tenantId !== '' && c.year > 0),
        tenantCumulative: counters.filter((c) => c.tenantId !== '' && c.year === 0),
        poolYear: [...pools.values()],
      },
      tenants,
    });
    return this.repo.saveOnce({
      closeRun,
      parkId,
      periodId,
      tenantIds: covered.map((h) => h.tenantId),
      allocations: allocations.map((a) => ({ ...a, amount: a.amount.toFixed(2) })),
    });
  }
}
