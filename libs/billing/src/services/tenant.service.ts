import { Injectable } from '@nestjs/common';
import { AuditStore, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import { AlreadyExists, NotFound } from '../errors/billing.errors';
import { checkUscc } from '../identity/uscc.validator';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { TenantRepository } from '../repositories/tenant.repository';
import { ParkService } from './park.service';
import { ID, InputCheck } from './input.validation';

export interface TenantInput {
  id: string;
  name: string;
  unifiedSocialCreditCode?: string | null;
  provinceCode?: string | null;
  flags?: string[];
  parkId?: string;
  priceBookId?: string | null;
  isDemo?: boolean;
}

/** Tenant identity: name, 统一社会信用代码 (checked with its GB 32100-2015 check character), province, flags. */
@Injectable()
export class TenantService {
  constructor(
    private readonly repo: TenantRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly audit: AuditStore,
    private readonly parks: ParkService,
  ) {}

  list(filter: { parkId?: string; take?: number; skip?: number } = {}) {
    return this.repo.list(filter);
  }

  async get(tenantId: string) {
    const t = await this.repo.find(tenantId);
    if (!t) throw new NotFound('tenant', tenantId);
    return t;
  }

  private async check(input: Partial<TenantInput>, creating: boolean): Promise<string | null> {
    const check = new InputCheck('tenant');
    if (creating) {
      check.string(input.id, 'id', ID);
      check.string(input.name, 'name');
    }
    let uscc: string | null = null;
    if (input.unifiedSocialCreditCode != null) {
      const r = checkUscc(input.unifiedSocialCreditCode);
      if (r.ok) uscc = r.code;
      else check.require(false, 'unifiedSocialCreditCode', r.reason);
    }
    if (input.provinceCode != null)
      check.require(/^\d{2}$/.test(input.provinceCode), 'provinceCode', 'GB/T 2260 two-digit province code, e.g. "52"');
    if (input.flags)
      check.require(
        input.flags.every((f) => /^[a-z_]{1,32}$/.test(f)),
        'flags',
        'lower-case words like "startup"',
      );
    if (input.priceBookId)
      check.require(
        (await this.catalogue.findPriceBook(input.priceBookId)) !== null,
        'priceBookId',
        `unknown price book ${input.priceBookId}`,
      );
    if (creating) {
      const parkId = input.parkId ?? 'main';
      check.require(
        await this.parks.exists(parkId),
        'parkId',
        `unknown park ${parkId}: register it first (POST /v1/parks)`,
      );
    }
    check.done();
    return uscc;
  }

  async create(input: TenantInput, actor: AuditActor = SYSTEM_ACTOR) {
    const uscc = await this.check(input, true);
    if (await this.repo.find(input.id)) throw new AlreadyExists('tenant', input.id);
    const data = {
      id: input.id,
      name: input.name,
      unifiedSocialCreditCode: uscc,
      provinceCode: input.provinceCode ?? null,
      flags: input.flags ?? [],
      parkId: input.parkId ?? 'main',
      priceBookId: input.priceBookId ?? null,
      isDemo: input.isDemo ?? false,
    };
    const row = await this.repo.create(data);
    await this.audit.record({ actor, action: 'tenant.create', entityType: 'tenant', entityId: data.id, after: data });
    return row;
  }

  async update(tenantId: string, input: Partial<Omit<TenantInput, 'id'>>, actor: AuditActor = SYSTEM_ACTOR) {
    const before = await this.get(tenantId);
    const uscc = await this.check(input, false);
    const changes = {
      ...(input.name ? { name: input.name } : {}),
      ...(uscc ? { unifiedSocialCreditCode: uscc } : {}),
      ...(input.provinceCode !== undefined ? { provinceCode: input.provinceCode } : {}),
      ...(input.flags ? { flags: input.flags } : {}),
      ...(input.priceBookId !== undefined ? { priceBookId: input.priceBookId } : {}),
    };
    const row = await this.repo.update(tenantId, changes);
    await this.audit.record({
      actor,
      action: 'tenant.update',
      entityType: 'tenant',
      entityId: tenantId,
      before: tenantAuditView(before),
      after: tenantAuditView(row),
      payload: { changes },
    });
    return row;
  }
}

/** The fields of a tenant the audit log digests (what billing depends on). */
function tenantAuditView(t: {
  id: string;
  name: string;
  unifiedSocialCreditCode: string | null;
  provinceCode: string | null;
  flags: string[];
  parkId: string;
  priceBookId: string | null;
  status: string;
}) {
  return {
    id: t.id,
    name: t.name,
    unifiedSocialCreditCode: t.unifiedSocialCreditCode,
    provinceCode: t.provinceCode,
    flags: t.flags,
    parkId: t.parkId,
    priceBookId: t.priceBookId,
    status: t.status,
  };
}
