import { runApp } from '@park/platform';
import { USAGE_SINK_APP } from './usage-sink.app';

void runApp({
  app: 'usage-sink',
  ...USAGE_SINK_APP,
  prepare: { clickhouseMigrations: true, kafkaTopics: true },
});
