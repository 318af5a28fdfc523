import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import Redis from 'ioredis';

/** The process's shared Redis client (idempotency marks, sessions). BullMQ opens its own connections. */
@Injectable()
export class RedisProvider implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(@Inject(DOCORA_CONFIG) private readonly config: DocoraConfig) {
    this.client = new Redis(config.redis.url, { maxRetriesPerRequest: 3, lazyConnect: false });
  }

  /** Every Redis key Docora writes goes through here, so DOCORA_NAMESPACE isolates instances. */
  key(...parts: string[]): string {
    return [this.config.namespace, ...parts].join(':');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
