export { ClusterDirectoryRepository, type ClusterDirectoryOptions } from './cluster-directory.repository';
export { ClusterPushRecorder, type PushRecorderLog } from './cluster-push.recorder';
export { AgentKeyRetirements, agentKeyRetiredChannel, type RetirementLog } from './agent-key-retirements';
export { UsageProducer } from './usage-producer';
export {
  IngestService,
  KafkaUnavailableError,
  type PushUsageInput,
  type PushUsageAnswer,
  type RecordAnswer,
} from './ingest.service';
export {
  loadIngestPackage,
  INGEST_PROTO_PATH,
  INGEST_GRPC_PACKAGE,
  RAW_BYTES,
  DECODE_ERROR,
  type DecodedRequest,
} from './grpc-package';
export { ClusterAdminService, ClusterAdminError, type AgentKeyView } from './cluster-admin.service';
export { RECORD_STATUS_MEANINGS, type RecordStatus } from './record-status';
export { AgentManifestsService, IngestInputError, type DayStatusAnswer } from './agent-manifests.service';
