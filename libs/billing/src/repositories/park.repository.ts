import { Injectable } from '@nestjs/common';
import { PrismaService, Prisma } from '@park/db';

export type ParkRow = Prisma.ParkGetPayload<object>;

/** Registered parks: tenants are billed in one, periods are closed per park. */
@Injectable()
export class ParkRepository {
  constructor(private readonly prisma: PrismaService) {}

  list(): Promise<ParkRow[]> {
    return this.prisma.client.park.findMany({ orderBy: { id: 'asc' } });
  }

  find(parkId: string): Promise<ParkRow | null> {
    return this.prisma.client.park.findUnique({ where: { id: parkId } });
  }

  create(data: { id: string; name: string }): Promise<ParkRow> {
    return this.prisma.client.park.create({ data });
  }
}
