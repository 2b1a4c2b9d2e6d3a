import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
import { PrismaPg } from '@prisma/adapter-pg';
import { APP_CONFIG, type AppConfig } from '@park/config';

export function createPrismaClient(postgres: AppConfig['postgres']): PrismaClient {
  // The query compiler runs in-process over node-postgres: no native engine to download (README: offline).
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: postgres.url, max: postgres.poolSize }) });
}

/** The app's one Prisma client. Repositories take it; services never import Prisma themselves. */
@Injectable()
export class PrismaService implements OnApplicationShutdown {
  readonly client: PrismaClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = createPrismaClient(config.postgres);
  }

  async ping(): Promise<void> {
    await this.client.$queryRaw`SELECT 1`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.$disconnect();
  }
}
