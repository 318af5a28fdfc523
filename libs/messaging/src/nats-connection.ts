import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { connect, NatsConnection } from '@nats-io/transport-node';

/** One NATS connection per process, shared by the event bus, the consumers and request/reply. */
@Injectable()
export class NatsConnectionProvider implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Nats');
  private connection?: Promise<NatsConnection>;

  constructor(@Inject(DOCORA_CONFIG) private readonly config: DocoraConfig) {}

  /** Connect at start-up: a process that cannot reach NATS fails fast instead of on its first event. */
  async onModuleInit(): Promise<void> {
    await this.get();
  }

  get(): Promise<NatsConnection> {
    this.connection ??= connect({
      servers: this.config.nats.url,
      name: `docora-${process.pid}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    }).then((nc) => {
      this.logger.log(`connected to ${this.config.nats.url}`);
      return nc;
    });
    return this.connection;
  }

  async isHealthy(): Promise<boolean> {
    if (!this.connection) {
      return false;
    }
    const nc = await this.connection;
    if (nc.isClosed()) {
      return false;
    }
    await nc.flush();
    return true;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.connection) {
      return;
    }
    const nc = await this.connection;
    // drain() lets in-flight handlers finish and flushes pending publishes before closing.
    if (!nc.isClosed()) {
      await nc.drain().catch(() => nc.close());
    }
  }
}
