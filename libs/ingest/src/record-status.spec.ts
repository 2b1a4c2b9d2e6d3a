import { readFileSync } from 'node:fs';
import { INGEST_PROTO_PATH } from './grpc-package';
import { RECORD_STATUS_MEANINGS } from './record-status';

/** The comment lines right above `RECORD_STATUS_<NAME> = n;` in the proto, joined. */
function protoComment(proto: string, name: string): string {
  const lines = proto.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith(`RECORD_STATUS_${name.toUpperCase()} =`));
  const comment: string[] = [];
  for (let i = at - 1; i >= 0 && lines[i].trim().startsWith('//'); i--)
    comment.unshift(lines[i].trim().slice(2).trim());
  return comment.join(' ');
}

describe('record statuses', () => {
  it('are described in the proto with the same words as over HTTPS', () => {
    const proto = readFileSync(INGEST_PROTO_PATH, 'utf8');
    for (const [status, meaning] of Object.entries(RECORD_STATUS_MEANINGS)) {
      expect({ status, comment: protoComment(proto, status) }).toEqual({ status, comment: meaning });
    }
  });
});
