import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PrismaService } from '@park/db';
import { SEALED_PREFIX, SecretCipher } from './secret-cipher';

/**
 * Endpoints registered before secrets were sealed keep a plain `whsec_…` in PostgreSQL: every app with the
 * notifications module seals them when it starts (both forms are readable meanwhile, told apart by the `v1:`
 * prefix). Each row is replaced only if it still holds the plain value, so two apps starting together are harmless.
 */
@Injectable()
export class WebhookSecretsSealer implements OnApplicationBootstrap {
  private readonly logger = new Logger('webhook-secrets');

  constructor(
    private readonly prisma: PrismaService,
    private readonly cipher: SecretCipher,
  ) {}

  /** A failure is logged, not fatal: plain rows stay readable, and the next start seals them. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const sealed = await this.sealPlain();
      if (sealed > 0) this.logger.log(`sealed ${sealed} webhook signing secret(s) stored in plain text`);
    } catch (error) {
      this.logger.warn(`sealing plain webhook secrets failed: ${error instanceof Error ? error.message : error}`);
    }
  }

  /** Seals every secret still stored plain; returns how many this call sealed. */
  async sealPlain(): Promise<number> {
    const db = this.prisma.client;
    const plain = await db.webhookEndpoint.findMany({
      where: { NOT: { secret: { startsWith: SEALED_PREFIX } } },
      select: { id: true, secret: true },
    });
    let sealed = 0;
    for (const row of plain) {
      const done = await db.webhookEndpoint.updateMany({
        where: { id: row.id, secret: row.secret },
        data: { secret: this.cipher.seal(row.secret, row.id) },
      });
      sealed += done.count;
    }
    return sealed;
  }
}
