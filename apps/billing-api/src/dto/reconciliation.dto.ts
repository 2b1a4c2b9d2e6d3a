import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RECONCILIATION_KINDS } from '@park/reconciliation';

export { ErrorDoc } from './billing.dto';

export class StartReconciliationDoc {
  @ApiPropertyOptional({ type: [String], enum: RECONCILIATION_KINDS, description: 'default: every kind' }) kinds?: string[];
  @ApiProperty({ example: '2026-11-01', description: 'first UTC day' }) fromDay!: string;
  @ApiProperty({ example: '2026-11-30', description: 'last UTC day (inclusive; at most 366 days)' }) toDay!: string;
  @ApiPropertyOptional({ example: 'main' }) parkId?: string;
  @ApiPropertyOptional({ example: { maxConsumerLag: 100000, maxRejectionRate: '0.05' } }) thresholds?: { maxConsumerLag?: number; maxRejectionRate?: string };
}

export class ResolveFindingDoc {
  @ApiProperty({ example: 'manifest re-pushed by the agent; counts agree' }) reason!: string;
}
