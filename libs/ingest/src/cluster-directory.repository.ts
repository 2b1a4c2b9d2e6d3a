import type { PrismaClient } from '@prisma/client';
import { LRUCache } from 'lru-cache';
import type { AgentKeyDirectory, StoredAgentKey } from '@park/agent-auth';
import { skuMeteringFor, type SkuCatalogue } from '@park/usage-domain';

export interface ClusterDirectoryOptions {
  /** How long a look-up is reused. A retired key is also evicted at once when its retirement is announced. */
  ttlMs?: number;
  /** Agent keys (known ones, and look-ups that found nothing) kept, each; the least recently used go first. */
  maxKeys?: number;
  /** Clusters whose tenant bindings are kept. */
  maxClusters?: number;
}

/**
 * What the gateway needs from PostgreSQL for every push: agent keys, which tenants a cluster may push for,
 * and the SKU catalogue. Cached for a few seconds, in caches bounded in size: a push never waits on PostgreSQL
 * in the steady state, a revoked binding takes effect within the TTL, and a flood of made-up key ids (looked up
 * before any signature can be checked) costs at most `maxKeys` entries, not memory that only grows.
 */
export class ClusterDirectoryRepository implements AgentKeyDirectory {
  private readonly knownKeys: LRUCache<string, StoredAgentKey>;
  private readonly unknownKeys: LRUCache<string, true>;
  private readonly bindings: LRUCache<string, ReadonlySet<string>>;
  private catalogue?: { value: SkuCatalogue; until: number };
  private readonly ttlMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    options: ClusterDirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5_000;
    const maxKeys = options.maxKeys ?? 10_000;
    this.knownKeys = new LRUCache({ max: maxKeys, ttl: this.ttlMs });
    this.unknownKeys = new LRUCache({ max: maxKeys, ttl: this.ttlMs });
    this.bindings = new LRUCache({ max: options.maxClusters ?? 10_000, ttl: this.ttlMs });
  }

  async findKey(keyId: string): Promise<StoredAgentKey | null> {
    const known = this.knownKeys.get(keyId);
    if (known) return known;
    if (this.unknownKeys.get(keyId)) return null;
    const row = await this.prisma.clusterCredential.findUnique({ where: { keyId } });
    if (!row) {
      this.unknownKeys.set(keyId, true);
      return null;
    }
    const key = {
      keyId: row.keyId,
      clusterId: row.clusterId,
      publicKeyPem: row.publicKeyPem,
      retiredAt: row.retiredAt,
    };
    this.knownKeys.set(keyId, key);
    return key;
  }

  /** Drops a key's cached look-up (its retirement was announced); the next request reads PostgreSQL. */
  forgetKey(keyId: string): void {
    this.knownKeys.delete(keyId);
    this.unknownKeys.delete(keyId);
  }

  /** Drops every cached key (announcements may have been missed while the subscription was down). */
  forgetAllKeys(): void {
    this.knownKeys.clear();
    this.unknownKeys.clear();
  }

  /** How many key look-ups are cached, known and unknown (tests and diagnostics). */
  cachedKeyCount(): { known: number; unknown: number } {
    return { known: this.knownKeys.size, unknown: this.unknownKeys.size };
  }

  async boundTenants(clusterId: string): Promise<ReadonlySet<string>> {
    const hit = this.bindings.get(clusterId);
    if (hit) return hit;
    const rows = await this.prisma.clusterTenantBinding.findMany({
      where: { clusterId, tenant: { status: 'active' } },
      select: { tenantId: true },
    });
    const value = new Set(rows.map((r) => r.tenantId));
    this.bindings.set(clusterId, value);
    return value;
  }

  async skuCatalogue(): Promise<SkuCatalogue> {
    if (this.catalogue && this.catalogue.until > Date.now()) return this.catalogue.value;
    const rows = await this.prisma.sku.findMany({ select: { code: true, baseUnit: true, scalesWithDevices: true } });
    const value: SkuCatalogue = new Map(
      rows.map((r) => [r.code, { ...skuMeteringFor(r.baseUnit), scalesWithDevices: r.scalesWithDevices }]),
    );
    this.catalogue = { value, until: Date.now() + this.ttlMs };
    return value;
  }
}
