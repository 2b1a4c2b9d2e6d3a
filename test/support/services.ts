import * as net from 'node:net';

/** The real services the integration tests need, and how a developer brings each up. */
export const SERVICES = {
  postgres: {
    name: 'PostgreSQL',
    host: '127.0.0.1',
    port: 5432,
    hint: 'npm run infra:up (or: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)',
  },
  redis: {
    name: 'Redis',
    host: '127.0.0.1',
    port: 6379,
    hint: 'npm run infra:up (or: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no)',
  },
  kafka: {
    name: 'Kafka',
    host: '127.0.0.1',
    port: 9092,
    hint: 'npm run infra:up (starts the local KRaft broker from deploy/local/kafka.sh)',
  },
} as const;

export function tcpReachable(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function missingServices(): Promise<string[]> {
  const missing: string[] = [];
  for (const s of Object.values(SERVICES)) {
    if (!(await tcpReachable(s.host, s.port)))
      missing.push(`${s.name} is not reachable at ${s.host}:${s.port}. Start it with: ${s.hint}`);
  }
  return missing;
}
