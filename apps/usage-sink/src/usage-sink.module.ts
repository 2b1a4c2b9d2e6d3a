import { Module } from '@nestjs/common';

/** Consumes usage.records.v1 and writes ClickHouse exactly once. Filled by the ingestion work. */
@Module({})
export class UsageSinkModule {}
