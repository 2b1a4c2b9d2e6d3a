import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';

export type SkuRow = Prisma.SkuGetPayload<object>;
export type PriceBookRow = Prisma.PriceBookGetPayload<{ include: { versions: { include: { entries: true } } } }>;

const WITH_VERSIONS = { versions: { include: { entries: true }, orderBy: { version: 'asc' as const } } };

/** SKUs and price books: shared by every tenant of the park. */
@Injectable()
export class CatalogueRepository {
  constructor(private readonly prisma: PrismaService) {}

  listSkus(): Promise<SkuRow[]> {
    return this.prisma.client.sku.findMany({ orderBy: { code: 'asc' } });
  }

  upsertSku(data: Prisma.SkuCreateInput): Promise<SkuRow> {
    const { code, ...rest } = data;
    return this.prisma.client.sku.upsert({ where: { code }, create: data, update: rest });
  }

  listPriceBooks(): Promise<PriceBookRow[]> {
    return this.prisma.client.priceBook.findMany({ include: WITH_VERSIONS, orderBy: { id: 'asc' } });
  }

  findPriceBook(id: string): Promise<PriceBookRow | null> {
    return this.prisma.client.priceBook.findUnique({ where: { id }, include: WITH_VERSIONS });
  }

  findDefaultPriceBook(): Promise<PriceBookRow | null> {
    return this.prisma.client.priceBook.findFirst({
      where: { isDefault: true },
      include: WITH_VERSIONS,
      orderBy: { createdAt: 'desc' },
    });
  }

  async createPriceBook(book: { id: string; name: string; isDefault: boolean; isDemo?: boolean }): Promise<void> {
    await this.prisma.client.$transaction(async (tx) => {
      if (book.isDefault) await tx.priceBook.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
      await tx.priceBook.create({
        data: { id: book.id, name: book.name, isDefault: book.isDefault, isDemo: book.isDemo ?? false },
      });
    });
  }

  async addVersion(input: {
    priceBookId: string;
    version: number;
    effectiveFrom: Date;
    rounding: string;
    tax: { taxInclusive: boolean; vatRate: string; vatRates: object; taxCodes: object };
    entries: { sku: string; model: string; unitPrice: string | null; tiers: Prisma.InputJsonValue | null }[];
  }): Promise<void> {
    await this.prisma.client.$transaction(async (tx) => {
      await tx.priceBookVersion.create({
        data: {
          priceBookId: input.priceBookId,
          version: input.version,
          effectiveFrom: input.effectiveFrom,
          rounding: input.rounding,
          taxInclusive: input.tax.taxInclusive,
          vatRate: input.tax.vatRate,
          vatRates: input.tax.vatRates,
          taxCodes: input.tax.taxCodes,
        },
      });
      await tx.priceEntry.createMany({
        data: input.entries.map((e) => ({
          priceBookId: input.priceBookId,
          version: input.version,
          sku: e.sku,
          model: e.model,
          unitPrice: e.unitPrice,
          tiers: e.tiers ?? Prisma.JsonNull,
        })),
      });
    });
  }
}
