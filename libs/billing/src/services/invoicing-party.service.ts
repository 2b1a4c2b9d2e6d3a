import { Injectable } from '@nestjs/common';
import { appendAuditEvent, prismaAuditSql, type AuditActor } from '@park/audit-store';
import { NotFound } from '../errors/billing.errors';
import {
  InvoicingPartyRepository,
  type InvoicingPartyRow,
  type PartyDetails,
  type PartyKind,
} from '../repositories/invoicing-party.repository';
import { ParkService } from './park.service';
import { TenantService } from './tenant.service';

/** What a statement prints of a party: the details of one version, and which version it was. */
export interface PartyOnStatement extends PartyDetails {
  readonly version: number;
}

const onStatement = (row: InvoicingPartyRow): PartyOnStatement => ({
  version: row.version,
  name: row.name,
  taxpayerId: row.taxpayerId,
  address: row.address,
  phone: row.phone,
  bankName: row.bankName,
  bankAccount: row.bankAccount,
});

/**
 * Invoicing details (开票信息) of the seller (the park's operator) and the buyers (tenants). Versioned, so an
 * issued statement always prints the details that were in force when it was issued, whatever changed since.
 */
@Injectable()
export class InvoicingPartyService {
  constructor(
    private readonly repo: InvoicingPartyRepository,
    private readonly parks: ParkService,
    private readonly tenants: TenantService,
  ) {}

  async versions(kind: PartyKind, subjectId: string): Promise<InvoicingPartyRow[]> {
    await this.subjectExists(kind, subjectId);
    return this.repo.versions(kind, subjectId);
  }

  async current(kind: PartyKind, subjectId: string): Promise<InvoicingPartyRow> {
    const [latest] = await this.versions(kind, subjectId);
    if (!latest) throw new NotFound('invoicing_party', `${kind} ${subjectId}`);
    return latest;
  }

  /** Records new details as the next version; the same details as the current version record nothing. */
  async record(kind: PartyKind, subjectId: string, details: PartyDetails, actor: AuditActor) {
    await this.subjectExists(kind, subjectId);
    for (let attempt = 1; ; attempt++) {
      const [latest] = await this.repo.versions(kind, subjectId);
      if (latest && sameDetails(latest, details)) return latest;
      try {
        return await this.append(kind, subjectId, details, actor, latest);
      } catch (error) {
        // another writer took the next version number first: look again (the same details are then a no-op)
        if (!isUniqueViolation(error) || attempt >= 5) throw error;
      }
    }
  }

  private async append(
    kind: PartyKind,
    subjectId: string,
    details: PartyDetails,
    actor: AuditActor,
    latest: InvoicingPartyRow | undefined,
  ) {
    const version = (latest?.version ?? 0) + 1;
    return this.repo.append({ kind, subjectId, version, details, recordedBy: actor.subject }, (tx, row) =>
      appendAuditEvent(prismaAuditSql(tx), {
        actor,
        action: 'party.update',
        entityType: `${kind}_invoicing_party`,
        entityId: subjectId,
        before: latest ? onStatement(latest) : undefined,
        after: onStatement(row),
      }),
    );
  }

  /** The park operator's details in force at `at` (the claimant of a reimbursement claim), or null. */
  async operatorOf(parkId: string, at: Date): Promise<PartyOnStatement | null> {
    const row = await this.repo.inForceAt('park', parkId, at);
    return row && onStatement(row);
  }

  /** The seller and the buyer of a tenant's statement issued at `issuedAt` (null where none was recorded). */
  async partiesOf(tenant: { readonly id: string; readonly parkId: string }, issuedAt: Date) {
    const [seller, buyer] = await Promise.all([
      this.repo.inForceAt('park', tenant.parkId, issuedAt),
      this.repo.inForceAt('tenant', tenant.id, issuedAt),
    ]);
    return { seller: seller && onStatement(seller), buyer: buyer && onStatement(buyer) };
  }

  private async subjectExists(kind: PartyKind, subjectId: string): Promise<void> {
    if (kind === 'park') await this.parks.get(subjectId);
    else await this.tenants.get(subjectId);
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'P2002';
}

function sameDetails(row: InvoicingPartyRow, details: PartyDetails): boolean {
  return (Object.keys(details) as (keyof PartyDetails)[]).every((k) => row[k] === details[k]);
}
