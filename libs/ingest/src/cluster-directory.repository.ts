import type { PrismaClient } from '@prisma/client';
import type { AgentKeyDirectory, StoredAgentKey } from '@park/agent-auth';
import { skuMeteringFor, type SkuCatalogue } from '@park/usage-domain';

interface Cached<T> {
  value: T;
  until: number;
}

/**
 * What the gateway needs from PostgreSQL for every push: agent keys, which tenants a cluster may push for,
 * and the SKU catalogue. Cached for a few seconds: a push never waits on PostgreSQL in the steady state, and a
 * revoked binding or retired key takes effect within the TTL.
 */
export class ClusterDirectoryRepository implements AgentKeyDirectory {
  private readonly keys = new Map<string, Cached<StoredAgentKey | null>>();
  private readonly bindings = new Map<string, Cached<ReadonlySet<string>>>();
  private catalogue?: Cached<SkuCatalogue>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly ttlMs = 5_000,
  ) {}

  async findKey(keyId: string): Promise<StoredAgentKey | null> {
    return this.cached(this.keys, keyId, async () => {
      const row = await this.prisma.clusterCredential.findUnique({ where: { keyId } });
      return row ? { keyId: row.keyId, clusterId: row.clusterId, publicKeyPem: row.publicKeyPem, retiredAt: row.retiredAt } : null;
    });
  }

  async boundTenants(clusterId: string): Promise<ReadonlySet<string>> {
    return this.cached(this.bindings, clusterId, async () => {
      const rows = await this.prisma.clusterTenantBinding.findMany({ where: { clusterId, tenant: { status: 'active' } }, select: { tenantId: true } });
      return new Set(rows.map((r) => r.tenantId));
    });
  }

  async skuCatalogue(): Promise<SkuCatalogue> {
    if (this.catalogue && this.catalogue.until > Date.now()) return this.catalogue.value;
    const rows = await this.prisma.sku.findMany({ select: { code: true, baseUnit: true, scalesWithDevices: true } });
    const value: SkuCatalogue = new Map(rows.map((r) => [r.code, { ...skuMeteringFor(r.baseUnit), scalesWithDevices: r.scalesWithDevices }]));
    this.catalogue = { value, until: Date.now() + this.ttlMs };
    return value;
  }

  private async cached<T>(map: Map<string, Cached<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = map.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = await load();
    map.set(key, { value, until: Date.now() + this.ttlMs });
    return value;
  }
}
