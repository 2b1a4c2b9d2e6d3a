export { PrismaService, createPrismaClient } from './prisma.service';
export { DbModule } from './db.module';
export { Prisma, type PrismaClient } from '@prisma/client';
