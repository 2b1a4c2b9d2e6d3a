import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';
import { APP_CONFIG, type AppConfig } from '@park/config';
import { createKafka, ensureTopics } from './kafka-client.factory';

/** The app's Kafka client, plus an admin connection for topic set-up and health checks. */
@Injectable()
export class KafkaService implements OnApplicationShutdown {
  readonly kafka: Kafka;
  private admin?: Admin;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.kafka = createKafka(config.kafka, new Logger('kafka'));
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  async ensureTopics(): Promise<string[]> {
    return ensureTopics(await this.connectedAdmin(), this.config.kafka);
  }

  /** Asks the cluster for its brokers: answers only when a broker is really serving. */
  async ping(): Promise<void> {
    try {
      const admin = await this.connectedAdmin();
      await admin.describeCluster();
    } catch (error) {
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = undefined;
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
  }
}
