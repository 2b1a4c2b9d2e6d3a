import { Injectable } from '@nestjs/common';
import { PrismaService, type Prisma } from '@park/db';
import type { WebhookOwner } from './webhook-owner';

export type WebhookEndpointRow = Prisma.WebhookEndpointGetPayload<object>;
export type WebhookDeliveryRow = Prisma.WebhookDeliveryGetPayload<object>;

/** Endpoints and their deliveries; every read takes the owner, so another owner's rows are never returned. */
@Injectable()
export class WebhookEndpointRepository {
  constructor(private readonly prisma: PrismaService) {}

  private get db() {
    return this.prisma.client;
  }

  /** Creates the endpoint and runs `audit` in the same transaction. */
  async create(data: Prisma.WebhookEndpointUncheckedCreateInput, audit: (tx: Prisma.TransactionClient) => unknown) {
    return this.db.$transaction(async (tx) => {
      const created = await tx.webhookEndpoint.create({ data });
      await audit(tx);
      return created;
    });
  }

  list(owner: WebhookOwner): Promise<WebhookEndpointRow[]> {
    return this.db.webhookEndpoint.findMany({
      where: { ownerKind: owner.kind, ownerId: owner.id, deletedAt: null },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  find(owner: WebhookOwner, id: string): Promise<WebhookEndpointRow | null> {
    return this.db.webhookEndpoint.findFirst({
      where: { id, ownerKind: owner.kind, ownerId: owner.id, deletedAt: null },
    });
  }

  /** Marks it deleted (its deliveries stay visible to the audit), cancels what is pending; false when not found. */
  async delete(owner: WebhookOwner, id: string, audit: (tx: Prisma.TransactionClient) => unknown): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const done = await tx.webhookEndpoint.updateMany({
        where: { id, ownerKind: owner.kind, ownerId: owner.id, deletedAt: null },
        data: { deletedAt: new Date() },
      });
      if (done.count === 0) return false;
      await tx.webhookDelivery.updateMany({
        where: { endpointId: id, status: 'pending' },
        data: { status: 'cancelled', nextAttemptAt: null },
      });
      await audit(tx);
      return true;
    });
  }

  /**
   * Clears the suspension (and the count of failures) with `audit` in the same transaction; false when it was not
   * suspended (nothing changes, nothing is audited).
   */
  async resume(owner: WebhookOwner, id: string, audit: (tx: Prisma.TransactionClient) => unknown): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const done = await tx.webhookEndpoint.updateMany({
        where: { id, ownerKind: owner.kind, ownerId: owner.id, deletedAt: null, suspendedAt: { not: null } },
        data: { suspendedAt: null, suspendedReason: null, consecutiveFailures: 0 },
      });
      if (done.count === 0) return false;
      await audit(tx);
      return true;
    });
  }

  parkedCount(endpointId: string): Promise<number> {
    return this.db.webhookDelivery.count({ where: { endpointId, status: 'pending', parkedAt: { not: null } } });
  }

  deliveries(endpointId: string, take = 500): Promise<WebhookDeliveryRow[]> {
    return this.db.webhookDelivery.findMany({
      where: { endpointId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
  }

  programmeOfBureau(programmeId: string, bureauId: string) {
    return this.db.programme.findFirst({ where: { id: programmeId, bureauId }, select: { id: true } });
  }
}
