import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule, DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { dataSourceOptions, ReadersModule } from '@lib/database';
import { MessagingModule } from '@lib/messaging';
import { SecretCipher, WebhookSigner } from '@lib/signing';
import { HealthController } from './health.controller';
import { RateLimiter } from './security';

/** BullMQ connection options from REDIS_URL; keys are prefixed by DOCORA_NAMESPACE. */
export function bullConnection(config: DocoraConfig) {
  const u = new URL(config.redis.url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/**
 * Infrastructure every app needs (config, PostgreSQL, Redis, NATS, BullMQ, health). The same root hosts one app
 * (its own process) or all five (one process): the app modules are passed in.
 */
@Module({})
export class PlatformModule {
  static forApps(apps: Type[]): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule,
        TypeOrmModule.forRootAsync({
          inject: [DOCORA_CONFIG],
          useFactory: (config: DocoraConfig) => dataSourceOptions(config.db.url),
        }),
        BullModule.forRootAsync({
          inject: [DOCORA_CONFIG],
          useFactory: (config: DocoraConfig) => ({
            connection: bullConnection(config),
            prefix: config.namespace,
          }),
        }),
        MessagingModule,
        ReadersModule,
        TerminusModule,
        ...apps,
      ],
      controllers: [HealthController],
      providers: [
        {
          provide: SecretCipher,
          inject: [DOCORA_CONFIG],
          useFactory: (c: DocoraConfig) =>
            new SecretCipher(c.secrets.encryptionKey, c.secrets.previousEncryptionKeys),
        },
        WebhookSigner,
        RateLimiter,
      ],
      exports: [SecretCipher, WebhookSigner, RateLimiter],
      global: true,
    };
  }
}
