import { Module } from '@nestjs/common';
import { RejectedSinkConsumer } from './rejected-sink.consumer';
import { UsageSinkConsumer } from './usage-sink.consumer';

/** Consumes usage.records.v1 and usage.rejected.v1 and writes ClickHouse, each record counted once. */
@Module({ providers: [UsageSinkConsumer, RejectedSinkConsumer] })
export class UsageSinkModule {}
