export { ClusterDirectoryRepository } from './cluster-directory.repository';
export { UsageProducer } from './usage-producer';
export { IngestService, type PushUsageInput, type PushUsageAnswer, type RecordAnswer } from './ingest.service';
