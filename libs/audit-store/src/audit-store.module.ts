import { Module } from '@nestjs/common';
import { AuditStore } from './audit-store';

/** Provides AuditStore (needs the platform's global DbModule). */
@Module({ providers: [AuditStore], exports: [AuditStore] })
export class AuditStoreModule {}
