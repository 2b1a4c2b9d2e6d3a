import type { PrismaClient } from '@prisma/client';
import { Prisma } from '@prisma/client';
import { generateAgentCredential, type AgentCredential } from '@park/agent-auth';
import { PARK_SKUS, type Park } from '@park/usage-domain';

export interface SeededPark {
  park: Park;
  /** One agent key per cluster; the private halves exist only here, as a cluster administrator would hold them. */
  credentials: Map<string, AgentCredential>;
}

/** Upserts the park's SKU catalogue (SKUs are shared by every tenant). */
export async function seedCatalogue(prisma: PrismaClient): Promise<void> {
  for (const s of PARK_SKUS) {
    const data = {
      name: s.name,
      resourceClass: s.resourceClass,
      chipFamily: s.chipFamily,
      domesticChip: s.domesticChip,
      baseUnit: s.baseUnit,
      billingUnit: s.billingUnit.code,
      unitsPerBillingUnit: new Prisma.Decimal(s.billingUnit.factor),
      scalesWithDevices: true,
    };
    await prisma.sku.upsert({ where: { code: s.code }, create: { code: s.code, ...data }, update: data });
  }
}

/** Registers a park (idempotent): tenants may only be billed in a registered park. */
export async function registerPark(prisma: PrismaClient, park: { id: string; name: string }): Promise<void> {
  await prisma.park.upsert({ where: { id: park.id }, create: park, update: {} });
}

/**
 * Writes a simulated park (libs/usage-domain's simulator) into PostgreSQL: tenants, clusters, bindings and an
 * agent key per cluster. Used by the demo, the end-to-end tests and the benchmarks.
 */
export async function seedSimulatedPark(
  prisma: PrismaClient,
  park: Park,
  options: { demo?: boolean } = {},
): Promise<SeededPark> {
  await seedCatalogue(prisma);
  // the simulated tenants are billed in the default park, main
  await registerPark(prisma, { id: 'main', name: '主园区 main park' });
  const isDemo = options.demo ?? false;
  await prisma.tenant.createMany({
    data: park.tenants.map((t) => ({
      id: t.id,
      name: t.name,
      flags: t.profile === 'model-startup' ? ['startup'] : [],
      provinceCode: '52',
      isDemo,
    })),
    skipDuplicates: true,
  });
  const credentials = new Map<string, AgentCredential>();
  for (const c of park.clusters) {
    await prisma.cluster.upsert({
      where: { id: c.id },
      create: { id: c.id, name: `${c.kind} (${c.scheduler})`, isDemo },
      update: {},
    });
    const tenants = [...(park.bindings.get(c.id) ?? [])];
    await prisma.clusterTenantBinding.createMany({
      data: tenants.map((tenantId) => ({ clusterId: c.id, tenantId })),
      skipDuplicates: true,
    });
    const credential = generateAgentCredential();
    await prisma.clusterCredential.create({
      data: {
        keyId: credential.keyId,
        clusterId: c.id,
        publicKeyPem: credential.publicKeyPem,
        fingerprint: credential.fingerprint,
      },
    });
    credentials.set(c.id, credential);
  }
  return { park, credentials };
}
