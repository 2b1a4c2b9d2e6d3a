import { Injectable } from '@nestjs/common';
import { appendAuditEvent, AuditStore, prismaAuditSql, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import {
  assertNotFrozen,
  buildProgramme,
  fixedRuleChanges,
  readVersionStart,
  type LocalDate,
  type ProgrammeSpec,
} from '@park/billing-domain';
import { parseRatio } from '@park/money';
import type { Prisma } from '@park/db';
import { AlreadyExists, NotFound } from '../errors/billing.errors';
import { ProgrammeRepository } from '../repositories/programme.repository';
import { StatementRepository } from '../repositories/statement.repository';
import { BillingContextLoader, toProgrammeVersions } from './billing-context.loader';
import { ID, InputCheck } from './input.validation';

export type ProgrammeRules = Omit<ProgrammeSpec, 'id' | 'bureau' | 'name'>;

/** Bureaus, voucher programmes and training subsidies (rules as data), stacking groups. */
@Injectable()
export class ProgrammeService {
  constructor(
    private readonly repo: ProgrammeRepository,
    private readonly loader: BillingContextLoader,
    private readonly audit: AuditStore,
    private readonly statements: StatementRepository,
  ) {}

  listBureaus() {
    return this.repo.listBureaus();
  }

  async createBureau(
    input: { id: string; name: string; level: string; regionCode?: string | null },
    actor: AuditActor = SYSTEM_ACTOR,
  ) {
    const check = new InputCheck('bureau');
    check.string(input.id, 'id', ID);
    check.string(input.name, 'name');
    check.require(['province', 'city', 'district'].includes(input.level), 'level', 'one of province, city, district');
    check.done();
    if (await this.repo.findBureau(input.id)) throw new AlreadyExists('bureau', input.id);
    const data = { id: input.id, name: input.name, level: input.level, regionCode: input.regionCode ?? null };
    const row = await this.repo.createBureau(data);
    await this.audit.record({ actor, action: 'bureau.create', entityType: 'bureau', entityId: data.id, after: data });
    return row;
  }

  /** Every programme, or a bureau's own (what its auditor may see). */
  list(filter: { bureauId?: string } = {}) {
    return this.repo.list(filter);
  }

  async get(id: string) {
    const p = await this.repo.find(id);
    if (!p) throw new NotFound('programme', id);
    return p;
  }

  /** Rules are validated by billing-domain's buildProgramme, every problem reported at once. */
  /** `actor` (audit log): the caller's principal once access control passes it; SYSTEM_ACTOR by default. */
  async create(
    input: { id: string; bureauId: string; name: string; rules: ProgrammeRules; isDemo?: boolean },
    actor: AuditActor = SYSTEM_ACTOR,
  ) {
    const check = new InputCheck('programme');
    check.string(input.id, 'id', ID);
    check.string(input.name, 'name');
    check.require(
      typeof input.rules === 'object' && input.rules !== null,
      'rules',
      'an object (billing-domain ProgrammeSpec without id, bureau, name)',
    );
    if (check.string(input.bureauId, 'bureauId'))
      check.require(
        (await this.repo.findBureau(input.bureauId)) !== null,
        'bureauId',
        `unknown bureau ${input.bureauId}`,
      );
    if (input.rules && typeof input.rules === 'object') {
      // buildProgramme checks every nested key against the published rules schema: a misspelt one is named
      check.domain(() => buildProgramme({ ...input.rules, id: input.id, bureau: input.bureauId, name: input.name }));
    }
    await this.checkStackingGroup(input.rules, check);
    check.done();
    if (await this.repo.find(input.id)) throw new AlreadyExists('programme', input.id);
    const row = await this.repo.create({
      id: input.id,
      bureauId: input.bureauId,
      name: input.name,
      rules: input.rules as unknown as Prisma.InputJsonValue,
      isDemo: input.isDemo,
    });
    this.loader.invalidate();
    await this.audit.record({
      actor,
      action: 'programme.create',
      entityType: 'programme',
      entityId: input.id,
      after: { id: input.id, bureauId: input.bureauId, name: input.name, rules: input.rules },
    });
    return row;
  }

  /**
   * A new version of a programme's rules, in force from the first day of a month: never an edit of what issued
   * statements used, so it may not reach into a period issued to any tenant holding one of its grants.
   */
  async addRulesVersion(
    programmeId: string,
    input: { effectiveFrom: LocalDate; rules: ProgrammeRules },
    actor: AuditActor = SYSTEM_ACTOR,
  ) {
    const row = await this.repo.find(programmeId);
    if (!row) throw new NotFound('programme', programmeId);
    const versions = toProgrammeVersions(row);
    const version = versions.length + 1;
    const check = new InputCheck('programme rules version');
    const start = check.domain(() => readVersionStart({ effectiveFrom: input.effectiveFrom, existing: versions }));
    const next = check.domain(() =>
      buildProgramme({ ...input.rules, id: row.id, bureau: row.bureauId, name: row.name }),
    );
    if (next) for (const i of fixedRuleChanges(versions[0].programme, next)) check.require(false, i.path, i.message);
    await this.checkStackingGroup(input.rules, check);
    check.done();
    if (!start) throw new Error('unreachable: a valid version has a start');
    if (versions.some((v) => v.effectivePeriod === start.effectivePeriod)) {
      throw new AlreadyExists('programme rules version', `${programmeId} from ${start.effectivePeriod}`);
    }
    const lastIssuedPeriod = await this.statements.lastIssuedPeriodOfProgramme(programmeId);
    const subject = `programme ${programmeId} rules version ${version}`;
    assertNotFrozen({ subject, effectiveFrom: start.effectiveFrom, lastIssuedPeriod });
    const rules = input.rules as unknown as Prisma.InputJsonValue;
    const previous = row.rulesVersions.at(-1);
    const audit = {
      actor,
      action: 'programme.rules-version.create',
      entityType: 'programme',
      entityId: programmeId,
      before: previous ? { version: previous.version, rules: previous.rules } : { version: 1, rules: row.rules },
      after: { version, effectivePeriod: start.effectivePeriod, rules: input.rules },
      payload: { version, effectivePeriod: start.effectivePeriod, replaces: previous?.version ?? 1 },
    };
    const data = { programmeId, version, effectivePeriod: start.effectivePeriod, rules };
    const created = await this.repo.addRulesVersion(data, (tx) => appendAuditEvent(prismaAuditSql(tx), audit));
    this.loader.invalidate();
    return created;
  }

  private async checkStackingGroup(rules: ProgrammeRules, check: InputCheck): Promise<void> {
    if (!rules?.stackingGroup) return;
    const groups = await this.repo.listStackingGroups();
    const known = groups.some((g) => g.id === rules.stackingGroup);
    check.require(known, 'rules.stackingGroup', `unknown stacking group ${rules.stackingGroup}`);
  }

  listStackingGroups() {
    return this.repo.listStackingGroups();
  }

  async upsertStackingGroup(input: { id: string; ceiling: string }, actor: AuditActor = SYSTEM_ACTOR) {
    const check = new InputCheck('stacking group');
    check.string(input.id, 'id', ID);
    check.domain(() => parseRatio(input.ceiling), 'ceiling');
    check.done();
    const row = await this.repo.upsertStackingGroup(input.id, input.ceiling);
    this.loader.invalidate();
    await this.audit.record({
      actor,
      action: 'stacking-group.upsert',
      entityType: 'stacking_group',
      entityId: input.id,
      after: { id: input.id, ceiling: String(input.ceiling) },
    });
    return row;
  }
}
