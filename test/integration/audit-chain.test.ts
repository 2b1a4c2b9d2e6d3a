import pg from 'pg';
import { digest, type AuditEvent } from '@park/audit';
import { appendAuditEvent, pgAuditSql, readAuditEvents, verifyAuditChain, type AuditChange } from '@park/audit-store';
import { testConfig, uniqueId } from '../support/test-config';

/**
 * The audit log in PostgreSQL (park_test, shared with other tests: the chain only grows, and every tampering
 * below happens in a transaction that is rolled back, so the chain stays intact for everyone).
 */
describe('audit log in PostgreSQL: one hash chain, append-only, tampering named', () => {
  const pool = new pg.Pool({ connectionString: testConfig().postgres.url, max: 25 });

  afterAll(async () => {
    await pool.end();
  });

  /** Appends in a transaction of its own, as a service does inside the change's transaction. */
  async function append(change: AuditChange): Promise<AuditEvent> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const event = await appendAuditEvent(pgAuditSql(client), change);
      await client.query('COMMIT');
      return event;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /** Runs `work` with triggers bypassed (session_replication_role = replica), then rolls everything back. */
  async function tampered<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      return await work(client);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  const change = (i: number, entityId = uniqueId('e-')): AuditChange => ({
    actor: { subject: 'test-operator', role: 'operator-admin' },
    action: 'grant.issue',
    entityType: 'grant',
    entityId,
    after: { id: entityId, faceValue: `${1000 + i}.00`, note: '测试代金券' },
    payload: { faceValue: `${1000 + i}.00`, i },
  });

  it('stores what appendEvent computed: canonical JSON digests, links to the head, reads back identical', async () => {
    const first = await append(change(1));
    const second = await append(change(2));
    expect(BigInt(second.seq)).toBeGreaterThan(BigInt(first.seq));
    expect(first.afterDigest).toBe(digest({ id: first.entityId, faceValue: '1001.00', note: '测试代金券' }));
    expect(first.beforeDigest).toBeNull();
    const [stored] = await readAuditEvents(pgAuditSql(pool), { after: String(BigInt(first.seq) - 1n), limit: 1 });
    expect(stored).toEqual(first);
    const head = await pool.query<{ seq: string; hash: string }>(
      `SELECT seq::text AS seq, hash::text AS hash FROM audit_head`,
    );
    expect(head.rows).toHaveLength(1);
    expect(BigInt(head.rows[0].seq)).toBeGreaterThanOrEqual(BigInt(second.seq));
  });

  it('20 concurrent appends form one chain: distinct seqs, no gaps, the whole chain verifies', async () => {
    const events = await Promise.all(Array.from({ length: 20 }, (_, i) => append(change(i))));
    const seqs = events.map((e) => BigInt(e.seq)).sort((a, b) => (a < b ? -1 : 1));
    expect(new Set(seqs).size).toBe(20);
    const {
      rows: [span],
    } = await pool.query<{ min: string; max: string; n: string }>(
      `SELECT min(seq)::text AS min, max(seq)::text AS max, count(*)::text AS n FROM audit_events`,
    );
    expect(span.min).toBe('1');
    expect(span.n).toBe(span.max); // seq 1 … n, contiguous
    const result = await verifyAuditChain(pgAuditSql(pool));
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThanOrEqual(Number(span.max));
    if (result.ok) expect(BigInt(result.head?.seq ?? '0')).toBeGreaterThanOrEqual(seqs[19]);
  });

  it('a rolled-back change leaves no event and no gap', async () => {
    const before = await append(change(0));
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await appendAuditEvent(pgAuditSql(client), change(0));
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const after = await append(change(1));
    expect(BigInt(after.seq)).toBe(BigInt(before.seq) + 1n); // the rolled-back seq was taken again
    expect(after.prevHash).toBe(before.hash);
    const result = await verifyAuditChain(pgAuditSql(pool));
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThanOrEqual(Number(after.seq));
  });

  it(
    'triggers refuse UPDATE, DELETE and TRUNCATE of events, deleting or rewinding the head, and an insert that ' +
      'does not extend the head',
    async () => {
      const event = await append(change(1));
      await expect(pool.query(`UPDATE audit_events SET actor = 'mallory' WHERE seq = $1`, [event.seq])).rejects.toThrow(
        /append-only: UPDATE on audit_events/,
      );
      await expect(pool.query(`DELETE FROM audit_events WHERE seq = $1`, [event.seq])).rejects.toThrow(
        /append-only: DELETE on audit_events/,
      );
      await expect(pool.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only: TRUNCATE on audit_events/);
      await expect(pool.query(`DELETE FROM audit_head`)).rejects.toThrow(/append-only: DELETE on audit_head/);
      await expect(pool.query(`TRUNCATE audit_head`)).rejects.toThrow(/append-only/);
      await expect(pool.query(`UPDATE audit_head SET seq = 0, hash = repeat('0', 64)`)).rejects.toThrow(
        /moves forward one event at a time/,
      );
      await expect(
        pool.query(
          `INSERT INTO audit_events (seq, at, actor, role, action, entity_type, entity_id, payload, prev_hash, hash)
         VALUES ($1::bigint + 5, now(), 'mallory', 'x', 'grant.issue', 'grant', 'g', '{}', repeat('0', 64), repeat('a',
           64))`,
          [event.seq],
        ),
      ).rejects.toThrow(/does not extend the head/);
      expect(await verifyAuditChain(pgAuditSql(pool))).toMatchObject({ ok: true });
    },
  );

  describe('tampering directly in PostgreSQL (triggers bypassed) is detected and the first bad event named', () => {
    let k: string;

    beforeAll(async () => {
      await append(change(1));
      k = (await append(change(2))).seq; // an event with one before and one after it
      await append(change(3));
    });

    it('an untouched chain verifies', async () => {
      const result = await verifyAuditChain(pgAuditSql(pool));
      expect(result.ok).toBe(true);
    });

    it('update of a field (actor) → hash mismatch at that event', async () => {
      const result = await tampered(async (c) => {
        await c.query(`UPDATE audit_events SET actor = 'mallory' WHERE seq = $1`, [k]);
        return verifyAuditChain(pgAuditSql(c));
      });
      expect(result).toMatchObject({ ok: false, firstBadSeq: k, reason: 'hash mismatch', count: Number(k) - 1 });
    });

    it('update of an amount in the payload → hash mismatch at that event', async () => {
      const result = await tampered(async (c) => {
        await c.query(
          `UPDATE audit_events SET payload = jsonb_set(payload, '{faceValue}', '"999999.00"') WHERE seq = $1`,
          [k],
        );
        return verifyAuditChain(pgAuditSql(c));
      });
      expect(result).toMatchObject({ ok: false, firstBadSeq: k, reason: 'hash mismatch' });
    });

    it('delete of a row → sequence gap named at the missing seq', async () => {
      const result = await tampered(async (c) => {
        expect((await c.query(`DELETE FROM audit_events WHERE seq = $1`, [k])).rowCount).toBe(1);
        return verifyAuditChain(pgAuditSql(c));
      });
      expect(result).toMatchObject({ ok: false, firstBadSeq: k, reason: 'sequence gap' });
    });

    it('reorder (two rows swap places) → broken link at the first of the two', async () => {
      const result = await tampered(async (c) => {
        const next = String(BigInt(k) + 1n);
        await c.query(`UPDATE audit_events SET seq = 9000000000000000000 WHERE seq = $1`, [k]);
        await c.query(`UPDATE audit_events SET seq = $1 WHERE seq = $2`, [k, next]);
        await c.query(`UPDATE audit_events SET seq = $1 WHERE seq = 9000000000000000000`, [next]);
        return verifyAuditChain(pgAuditSql(c));
      });
      expect(result).toMatchObject({ ok: false, firstBadSeq: k, reason: 'broken link' });
    });

    it('reorder by swapping two rows\u2019 contents (seq kept) → broken link at the first of the two', async () => {
      const result = await tampered(async (c) => {
        const next = String(BigInt(k) + 1n);
        const cols =
          `at, actor, role, action, entity_type, entity_id, before_digest, after_digest, payload, ` + `prev_hash, hash`;
        const { rows } = await c.query<Record<string, unknown>>(
          `SELECT seq::text AS seq, ${cols} FROM audit_events WHERE seq IN ($1, $2) ORDER BY audit_events.seq`,
          [k, next],
        );
        await c.query(`DELETE FROM audit_events WHERE seq IN ($1, $2)`, [k, next]);
        const insert =
          `INSERT INTO audit_events (seq, ${cols}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ` + `$11, $12)`;
        const values = (r: Record<string, unknown>) => [
          r.at,
          r.actor,
          r.role,
          r.action,
          r.entity_type,
          r.entity_id,
          r.before_digest,
          r.after_digest,
          JSON.stringify(r.payload),
          r.prev_hash,
          r.hash,
        ];
        await c.query(insert, [k, ...values(rows[1])]);
        await c.query(insert, [next, ...values(rows[0])]);
        return verifyAuditChain(pgAuditSql(c));
      });
      expect(result).toMatchObject({ ok: false, firstBadSeq: k, reason: 'broken link' });
    });

    it('after the rolled-back tampering the stored chain still verifies', async () => {
      expect(await verifyAuditChain(pgAuditSql(pool))).toMatchObject({ ok: true });
    });
  });
});
