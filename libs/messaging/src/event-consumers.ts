import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  BeforeApplicationShutdown,
} from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { EventEnvelope, EventMap, EventPayloadClasses, ServiceName, Subject } from '@lib/contracts';
import { ConsumerMessages, jetstream, jetstreamManager, JsMsg } from '@nats-io/jetstream';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { NatsConnectionProvider } from './nats-connection';
import { RedisProvider } from './redis.provider';
import { consumerName, ensureTopology, streamName } from './topology';

export type EventHandler<S extends Subject> = (
  data: EventMap[S],
  envelope: EventEnvelope<EventMap[S]>,
) => Promise<void>;

interface Registration {
  service: ServiceName;
  subject: Subject;
  handler: EventHandler<Subject>;
}

const PROCESSED_TTL_S = 7 * 24 * 3600;
const MAX_IN_FLIGHT = 8;

/**
 * At-least-once event handling over JetStream durable consumers (Nest's NATS transport is core NATS only,
 * at-most-once). A handler's event is acked only after it succeeded and its event_id was marked processed, so a
 * crash anywhere re-delivers it; the mark makes a re-delivered, already handled event a no-op.
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Events');
  private readonly registrations: Registration[] = [];
  private readonly running: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly nats: NatsConnectionProvider,
    private readonly redis: RedisProvider,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  /** Call from onModuleInit; consumption starts once the whole application has bootstrapped. */
  register<S extends Subject>(service: ServiceName, subject: S, handler: EventHandler<S>): void {
    this.registrations.push({ service, subject, handler: handler as unknown as EventHandler<Subject> });
  }

  async onApplicationBootstrap(): Promise<void> {
    const nc = await this.nats.get();
    await ensureTopology(await jetstreamManager(nc), this.config.namespace);
    const js = jetstream(nc);
    for (const reg of this.registrations) {
      const consumer = await js.consumers.get(
        streamName(this.config.namespace),
        consumerName(reg.service, reg.subject),
      );
      const messages = await consumer.consume({ max_messages: MAX_IN_FLIGHT });
      this.running.push(messages);
      this.loops.push(this.loop(reg, messages));
    }
  }

  private async loop(reg: Registration, messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      await this.handle(reg, msg);
    }
  }

  private async handle(reg: Registration, msg: JsMsg): Promise<void> {
    const name = consumerName(reg.service, reg.subject);
    let envelope: EventEnvelope<EventMap[Subject]>;
    try {
      envelope = msg.json<EventEnvelope<EventMap[Subject]>>();
      const data = plainToInstance(EventPayloadClasses[reg.subject] as new () => object, envelope.data);
      const errors = validateSync(data);
      if (errors.length || typeof envelope.event_id !== 'string') {
        throw new Error(errors.map((e) => e.toString()).join('; '));
      }
    } catch (e) {
      // A malformed event can never succeed: log and drop it instead of redelivering it forever.
      this.logger.error(`${name}: dropping invalid event seq=${msg.seq}: ${(e as Error).message}`);
      msg.term('invalid payload');
      return;
    }
    const mark = this.redis.key('evt', name, envelope.event_id);
    try {
      if (await this.redis.client.exists(mark)) {
        msg.ack();
        return;
      }
      const heartbeat = setInterval(() => msg.working(), 10_000);
      try {
        await reg.handler(envelope.data, envelope);
      } finally {
        clearInterval(heartbeat);
      }
      await this.redis.client.set(mark, '1', 'EX', PROCESSED_TTL_S);
      msg.ack();
    } catch (e) {
      const delay = Math.min(30_000, 500 * 2 ** Math.min(msg.info.deliveryCount, 6));
      this.logger.warn(
        `${name}: handler failed (delivery ${msg.info.deliveryCount}, correlation ${envelope.correlation_id}), retry in ${delay} ms: ${(e as Error).message}`,
      );
      msg.nak(delay);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const m of this.running) {
      await m.close().catch(() => undefined);
    }
    await Promise.allSettled(this.loops);
  }
}
