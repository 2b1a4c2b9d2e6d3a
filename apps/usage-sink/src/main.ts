import { runApp } from '@park/platform';
import { UsageSinkModule } from './usage-sink.module';

void runApp({
  app: 'usage-sink',
  dependencies: ['kafka', 'clickhouse'],
  features: [UsageSinkModule],
  prepare: { clickhouseMigrations: true, kafkaTopics: true },
});
