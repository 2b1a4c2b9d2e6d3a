import { createPublicKey } from 'node:crypto';
import type { Prisma, PrismaClient } from '@prisma/client';
import { generateAgentCredential, publicKeyFingerprint } from '@park/agent-auth';
import { appendAuditEvent, prismaAuditSql, SYSTEM_ACTOR, type AuditActor, type AuditChange } from '@park/audit-store';

export class ClusterAdminError extends Error {
  constructor(
    readonly code: 'CLUSTER_NOT_FOUND' | 'TENANT_NOT_FOUND' | 'KEY_NOT_FOUND' | 'INVALID_INPUT' | 'ALREADY_EXISTS',
    message: string,
  ) {
    super(message);
    this.name = 'ClusterAdminError';
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface AgentKeyView {
  keyId: string;
  fingerprint: string;
  publicKeyPem: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/**
 * What the operator does for a cluster: register it, bind the tenants it may push for, and manage its agent keys.
 * Keys are Ed25519: the park either generates a pair and hands the private half out once (never stored), or
 * registers a public key the cluster's administrator made. Rotation: add a key, move the agent, retire the old one.
 * Every change appends an audit event in its own transaction; `actor` is the caller's principal once access
 * control passes it (SYSTEM_ACTOR by default).
 */
export class ClusterAdminService {
  constructor(
    private readonly prisma: PrismaClient,
    /** Told once a retirement is committed, so every gateway instance evicts the key at once. */
    private readonly onKeyRetired: (keyId: string) => Promise<void> = async () => undefined,
  ) {}

  async createCluster(
    input: { id?: unknown; name?: unknown },
    actor: AuditActor = SYSTEM_ACTOR,
  ): Promise<{ id: string; name: string }> {
    const problems: string[] = [];
    if (typeof input.id !== 'string' || !ID.test(input.id))
      problems.push('id: 1–128 characters of [A-Za-z0-9._-], starting with a letter or digit');
    if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 200)
      problems.push('name: a non-empty string of at most 200 characters');
    if (problems.length > 0) throw new ClusterAdminError('INVALID_INPUT', problems.join('; '));
    const id = input.id as string;
    if (await this.prisma.cluster.findUnique({ where: { id } }))
      throw new ClusterAdminError('ALREADY_EXISTS', `cluster ${id} already exists`);
    const row = await this.audited(
      actor,
      (tx) => tx.cluster.create({ data: { id, name: (input.name as string).trim() } }),
      (r) => ({
        action: 'cluster.create',
        entityType: 'cluster',
        entityId: r.id,
        after: { id: r.id, name: r.name },
      }),
    );
    return { id: row.id, name: row.name };
  }

  /**
   * Every cluster with its bound tenants and agent keys (public halves), by id. `status`: `active` when an unretired
   * key lets its agent sign now, else `no_active_key`; `lastPushAt`: its agent's last push, to the minute (or null).
   */
  async clusters() {
    const rows = await this.prisma.cluster.findMany({
      orderBy: { id: 'asc' },
      include: { bindings: { select: { tenantId: true } }, credentials: { orderBy: { createdAt: 'asc' } } },
    });
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.createdAt,
      status: row.credentials.some((k) => k.retiredAt === null) ? 'active' : 'no_active_key',
      lastPushAt: row.lastPushAt,
      tenants: row.bindings.map((b) => b.tenantId).sort(),
      keys: row.credentials.map(keyView),
    }));
  }

  async cluster(clusterId: string) {
    const row = await this.prisma.cluster.findUnique({
      where: { id: clusterId },
      include: { bindings: { select: { tenantId: true } }, credentials: { orderBy: { createdAt: 'asc' } } },
    });
    if (!row) throw new ClusterAdminError('CLUSTER_NOT_FOUND', `no cluster ${clusterId}`);
    return {
      id: row.id,
      name: row.name,
      lastPushAt: row.lastPushAt,
      tenants: row.bindings.map((b) => b.tenantId),
      keys: row.credentials.map(keyView),
    };
  }

  async bindTenant(clusterId: string, tenantId: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    await this.requireCluster(clusterId);
    if (!(await this.prisma.tenant.findUnique({ where: { id: tenantId } })))
      throw new ClusterAdminError('TENANT_NOT_FOUND', `no tenant ${tenantId}`);
    await this.audited(
      actor,
      (tx) =>
        tx.clusterTenantBinding.upsert({
          where: { clusterId_tenantId: { clusterId, tenantId } },
          create: { clusterId, tenantId },
          update: {},
        }),
      () => ({
        action: 'cluster.tenant.bind',
        entityType: 'cluster',
        entityId: clusterId,
        after: { clusterId, tenantId },
        payload: { tenantId },
      }),
    );
  }

  async unbindTenant(clusterId: string, tenantId: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    await this.requireCluster(clusterId);
    await this.audited(
      actor,
      (tx) => tx.clusterTenantBinding.deleteMany({ where: { clusterId, tenantId } }),
      (r) =>
        r.count === 0
          ? null
          : {
              action: 'cluster.tenant.unbind',
              entityType: 'cluster',
              entityId: clusterId,
              before: { clusterId, tenantId },
              payload: { tenantId },
            },
    );
  }

  /** Generates a key pair; the private key is in this answer only. */
  async issueKey(
    clusterId: string,
    actor: AuditActor = SYSTEM_ACTOR,
  ): Promise<AgentKeyView & { privateKeyPem: string }> {
    await this.requireCluster(clusterId);
    const credential = generateAgentCredential();
    const row = await this.audited(
      actor,
      (tx) =>
        tx.clusterCredential.create({
          data: {
            keyId: credential.keyId,
            clusterId,
            publicKeyPem: credential.publicKeyPem,
            fingerprint: credential.fingerprint,
          },
        }),
      (r) => ({
        action: 'cluster.key.issue',
        entityType: 'cluster_credential',
        entityId: r.keyId,
        after: keyAudit(r),
        payload: { clusterId },
      }),
    );
    return { ...keyView(row), privateKeyPem: credential.privateKeyPem };
  }

  /** Registers a public key the cluster's administrator generated (`openssl genpkey -algorithm ed25519`). */
  async registerKey(clusterId: string, publicKeyPem: unknown, actor: AuditActor = SYSTEM_ACTOR): Promise<AgentKeyView> {
    await this.requireCluster(clusterId);
    let fingerprint: string;
    try {
      if (typeof publicKeyPem !== 'string') throw new Error('not a string');
      const key = createPublicKey(publicKeyPem);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
      fingerprint = publicKeyFingerprint(key);
    } catch (error) {
      throw new ClusterAdminError(
        'INVALID_INPUT',
        `publicKeyPem: must be an Ed25519 public key in PEM (${(error as Error).message})`,
      );
    }
    if (await this.prisma.clusterCredential.findUnique({ where: { fingerprint } }))
      throw new ClusterAdminError('ALREADY_EXISTS', 'this public key is already registered');
    const row = await this.audited(
      actor,
      (tx) =>
        tx.clusterCredential.create({
          data: {
            keyId: `ak_${fingerprint.slice(0, 24)}`,
            clusterId,
            publicKeyPem: publicKeyPem as string,
            fingerprint,
          },
        }),
      (r) => ({
        action: 'cluster.key.register',
        entityType: 'cluster_credential',
        entityId: r.keyId,
        after: keyAudit(r),
        payload: { clusterId },
      }),
    );
    return keyView(row);
  }

  /** Retires a key now (or at a given time, for an overlap while the agent moves to its new key). */
  async retireKey(
    clusterId: string,
    keyId: string,
    at: Date = new Date(),
    actor: AuditActor = SYSTEM_ACTOR,
  ): Promise<AgentKeyView> {
    const row = await this.prisma.clusterCredential.findUnique({ where: { keyId } });
    if (!row || row.clusterId !== clusterId)
      throw new ClusterAdminError('KEY_NOT_FOUND', `cluster ${clusterId} has no key ${keyId}`);
    const updated = await this.audited(
      actor,
      (tx) => tx.clusterCredential.update({ where: { keyId }, data: { retiredAt: at } }),
      (r) => ({
        action: 'cluster.key.retire',
        entityType: 'cluster_credential',
        entityId: keyId,
        before: keyAudit(row),
        after: keyAudit(r),
        payload: { clusterId },
      }),
    );
    await this.onKeyRetired(keyId);
    return keyView(updated);
  }

  /** Runs a change and appends its audit event (none when `event` answers null) in one transaction. */
  private audited<T>(
    actor: AuditActor,
    change: (tx: Prisma.TransactionClient) => Promise<T>,
    event: (result: T) => Omit<AuditChange, 'actor'> | null,
  ): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        const result = await change(tx);
        const audit = event(result);
        if (audit) await appendAuditEvent(prismaAuditSql(tx), { ...audit, actor });
        return result;
      },
      { maxWait: 10_000, timeout: 10_000 },
    );
  }

  private async requireCluster(clusterId: string): Promise<void> {
    if (!(await this.prisma.cluster.findUnique({ where: { id: clusterId }, select: { id: true } }))) {
      throw new ClusterAdminError('CLUSTER_NOT_FOUND', `no cluster ${clusterId}`);
    }
  }
}

/** A credential as the audit log digests it (the public half only: the private key is never stored). */
function keyAudit(row: { keyId: string; clusterId: string; fingerprint: string; retiredAt: Date | null }) {
  return {
    keyId: row.keyId,
    clusterId: row.clusterId,
    fingerprint: row.fingerprint,
    retiredAt: row.retiredAt?.toISOString() ?? null,
  };
}

function keyView(row: {
  keyId: string;
  fingerprint: string;
  publicKeyPem: string;
  createdAt: Date;
  retiredAt: Date | null;
}): AgentKeyView {
  return {
    keyId: row.keyId,
    fingerprint: row.fingerprint,
    publicKeyPem: row.publicKeyPem,
    createdAt: row.createdAt,
    retiredAt: row.retiredAt,
  };
}
