import { INGEST_GRPC_PACKAGE, loadIngestPackage } from '@park/ingest';

/** The agent gRPC API the gateway serves (and `park`, which composes the gateway). */
export const ingestGrpcApi = () => ({ package: INGEST_GRPC_PACKAGE, packageDefinition: loadIngestPackage() });
