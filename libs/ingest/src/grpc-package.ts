import * as path from 'node:path';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';

/** The agent API's proto (`proto/park/ingest/v1/ingest.proto`), found from this file in src/ and in dist/. */
export const INGEST_PROTO_PATH = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []),
  'proto',
  'park',
  'ingest',
  'v1',
  'ingest.proto',
);
export const INGEST_GRPC_PACKAGE = 'park.ingest.v1';

/** The bytes a request arrived as (signatures cover them) and, if they did not decode, why. */
export const RAW_BYTES = Symbol('rawBytes');
export const DECODE_ERROR = Symbol('decodeError');

export type DecodedRequest = Record<string, unknown> & { [RAW_BYTES]?: Buffer; [DECODE_ERROR]?: string };

/**
 * Loads the agent API and wraps each method's deserializer so the handler gets the exact request bytes (for the
 * signature check) and a truncated or garbled message becomes an answer with a reason, not a transport error.
 */
export function loadIngestPackage(protoPath = INGEST_PROTO_PATH): PackageDefinition {
  const definition = loadSync(protoPath, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  for (const entry of Object.values(definition)) {
    if (typeof entry !== 'object' || entry === null || 'format' in entry) continue;
    for (const method of Object.values(entry as Record<string, { requestDeserialize?: (b: Buffer) => object }>)) {
      const decode = method.requestDeserialize;
      if (typeof decode !== 'function') continue;
      method.requestDeserialize = (bytes: Buffer) => {
        let request: DecodedRequest;
        try {
          request = decode(bytes) as DecodedRequest;
        } catch (error) {
          request = { [DECODE_ERROR]: error instanceof Error ? error.message : String(error) };
        }
        Object.defineProperty(request, RAW_BYTES, { value: bytes, enumerable: false });
        return request;
      };
    }
  }
  return definition;
}
