import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { requestContext } from './request-context';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the app, level and request id', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ app: 'billing-api', level: 'info', destination });
    requestContext.run({ requestId: 'req-42' }, () => logger.info({ tenant: 't1' }, 'hello'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({
      app: 'billing-api',
      level: 'info',
      requestId: 'req-42',
      tenant: 't1',
      msg: 'hello',
    });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('redacts secrets', () => {
    const { lines, destination } = capture();
    createLogger({ app: 'x', level: 'info', destination }).info({ credential: { secret: 's3cr3t' } }, 'rotated');
    expect(JSON.stringify(lines[0])).not.toContain('s3cr3t');
  });
});
