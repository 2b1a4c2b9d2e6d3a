import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RECORD_STATUS_MEANINGS } from '@park/ingest';

// OpenAPI shapes of the agent API. They describe the JSON; validation is @park/usage-domain's.

export class UsageRecordDoc {
  @ApiProperty({
    example: 'slurm:gpu-a:812734',
    description: 'Unique per cluster, 1–128 of [A-Za-z0-9._:-]; retries reuse it',
  })
  event_id!: string;
  @ApiProperty({ example: 'gpu-a' }) cluster_id!: string;
  @ApiProperty({ example: 'tenant-xingyun' }) tenant_id!: string;
  @ApiProperty({ example: '812734' }) job_id!: string;
  @ApiProperty({ enum: ['training', 'inference', 'render', 'development', 'other'] }) job_type!: string;
  @ApiProperty({ example: 'gpu.h100-80g' }) sku!: string;
  @ApiProperty({
    example: '28800',
    description: "Exact decimal string in the SKU's base unit (GPU-seconds…), > 0, ≤ 6 decimals",
  })
  quantity!: string;
  @ApiProperty({ example: 8 }) device_count!: number;
  @ApiProperty({ example: '2026-11-01T00:00:00Z' }) started_at!: string;
  @ApiProperty({ example: '2026-11-01T01:00:00Z' }) ended_at!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { project: 'video-gen', model: 'wan-14b' },
  })
  attributes?: Record<string, string>;
}

export class PushUsageRequestDoc {
  @ApiPropertyOptional({ example: 'push-2026-11-01T01:00Z-1' }) batch_id?: string;
  @ApiProperty({ type: [UsageRecordDoc] }) records!: UsageRecordDoc[];
}

export class IssueDoc {
  @ApiProperty({ example: 'QUANTITY_NOT_POSITIVE' }) code!: string;
  @ApiProperty({ example: 'quantity' }) field!: string;
  @ApiProperty() message!: string;
}

export class RecordResultDoc {
  @ApiProperty() index!: number;
  @ApiProperty() event_id!: string;
  @ApiProperty({
    enum: Object.keys(RECORD_STATUS_MEANINGS),
    description: Object.entries(RECORD_STATUS_MEANINGS)
      .map(([status, meaning]) => `${status}: ${meaning}`)
      .join('\n'),
  })
  status!: string;
  @ApiPropertyOptional() reason_code?: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional({ type: [IssueDoc] }) issues?: IssueDoc[];
}

export class PushUsageResponseDoc {
  @ApiProperty() batch_id!: string;
  @ApiProperty() accepted!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty({ type: [RecordResultDoc] }) results!: RecordResultDoc[];
}
