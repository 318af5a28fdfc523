import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { NatsConnectionProvider, RedisProvider } from '@lib/messaging';

/** Liveness is the process alone; readiness checks every dependency (k8s probes map one-to-one). */
@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    @Inject(RedisProvider) private readonly redis: RedisProvider,
    @Inject(NatsConnectionProvider) private readonly nats: NatsConnectionProvider,
  ) {}

  /** v1 shape. */
  @Get()
  @HttpCode(200)
  info(): { timestamp: string; uptime: number } {
    return { timestamp: new Date().toISOString(), uptime: (Date.now() - this.startedAt) / 1000 };
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      async () => {
        const i = this.indicators.check('redis');
        try {
          await this.redis.client.ping();
          return i.up();
        } catch {
          return i.down({ message: 'Redis did not answer PING' });
        }
      },
      async () => {
        const i = this.indicators.check('nats');
        return (await this.nats.isHealthy().catch(() => false))
          ? i.up()
          : i.down({ message: 'NATS is not connected' });
      },
    ]);
  }
}
