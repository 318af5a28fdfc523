import { Inject, Injectable } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { EventEnvelope, EventMap, Subject } from '@lib/contracts';
import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { NatsConnectionProvider } from './nats-connection';
import { wireSubject } from './topology';

export const SCHEMA_VERSION = 1;

/** Typed, durable publishing: resolves only once JetStream has stored the event. */
@Injectable()
export class EventBus {
  private js?: JetStreamClient;

  constructor(
    private readonly nats: NatsConnectionProvider,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  async publish<S extends Subject>(subject: S, data: EventMap[S], correlationId?: string): Promise<string> {
    this.js ??= jetstream(await this.nats.get());
    const envelope: EventEnvelope<EventMap[S]> = {
      event_id: randomUUID(),
      occurred_at: new Date().toISOString(),
      schema_version: SCHEMA_VERSION,
      correlation_id: correlationId ?? randomUUID(),
      data,
    };
    // msgID makes a publish retried after a lost ack a no-op within the stream's duplicate window.
    await this.js.publish(wireSubject(this.config.namespace, subject), JSON.stringify(envelope), {
      msgID: envelope.event_id,
    });
    return envelope.event_id;
  }
}
