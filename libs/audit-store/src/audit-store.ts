import { Injectable } from '@nestjs/common';
import type { AuditEvent, ChainVerification, VerifyOptions } from '@park/audit';
import { PrismaService } from '@park/db';
import {
  appendAuditEvent,
  readAuditEvents,
  readBureauAuditEvents,
  verifyAuditChain,
  type AuditChange,
} from './audit-events.repository';
import { prismaAuditSql, type AuditSql } from './audit-sql';

/**
 * The audit log over the app's Prisma client. To record a change made in a transaction, call `append(sql, change)`
 * with that transaction (`pgAuditSql(client)` / `prismaAuditSql(tx)`); `record(change)` is for a change that had no
 * transaction of its own (it appends in a transaction of its own, right after the change).
 */
@Injectable()
export class AuditStore {
  constructor(private readonly prisma: PrismaService) {}

  append(sql: AuditSql, change: AuditChange): Promise<AuditEvent> {
    return appendAuditEvent(sql, change);
  }

  record(change: AuditChange): Promise<AuditEvent> {
    return this.prisma.client.$transaction((tx) => appendAuditEvent(prismaAuditSql(tx), change), {
      maxWait: 10_000,
      timeout: 10_000,
    });
  }

  events(page: { after?: string; limit?: number } = {}): Promise<AuditEvent[]> {
    return readAuditEvents(prismaAuditSql(this.prisma.client), page);
  }

  /** The events of one bureau's programmes, grants and claims (see readBureauAuditEvents). */
  bureauEvents(bureauId: string, page: { after?: string; limit?: number } = {}): Promise<AuditEvent[]> {
    return readBureauAuditEvents(prismaAuditSql(this.prisma.client), bureauId, page);
  }

  verify(options: VerifyOptions = {}): Promise<ChainVerification> {
    return verifyAuditChain(prismaAuditSql(this.prisma.client), options);
  }
}
