import { EventConsumers, ServiceName, Subject } from '@lib/contracts';
import { AckPolicy, DeliverPolicy, JetStreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** JetStream names derive from DOCORA_NAMESPACE, so instances sharing one NATS never see each other's events. */
export function streamName(ns: string): string {
  return `${ns.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_EVENTS`;
}

export function wireSubject(ns: string, subject: Subject): string {
  return `${ns}.events.${subject}`;
}

export function consumerName(service: ServiceName, subject: Subject): string {
  return `${service}__${subject.replace(/\./g, '_')}`;
}

/** Redelivery of an un-acked event after this long (handlers call working() to extend). */
export const ACK_WAIT_MS = 30_000;

/**
 * Creates the stream and EVERY declared durable consumer, whichever service starts first: an event published
 * before its consumer's service ever ran is still delivered once that service starts.
 */
export async function ensureTopology(jsm: JetStreamManager, ns: string): Promise<void> {
  const stream = streamName(ns);
  const config = {
    name: stream,
    subjects: [`${ns}.events.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: nanos(7 * 24 * 3600 * 1000),
    duplicate_window: nanos(2 * 60 * 1000),
  };
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams.add(config).catch(async (e: unknown) => {
      // Another process created it between our info() and add().
      await jsm.streams.info(stream).catch(() => {
        throw e;
      });
    });
  }
  for (const { service, subject } of EventConsumers) {
    const durable = consumerName(service, subject);
    try {
      await jsm.consumers.info(stream, durable);
    } catch {
      await jsm.consumers
        .add(stream, {
          durable_name: durable,
          filter_subject: wireSubject(ns, subject),
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ack_wait: nanos(ACK_WAIT_MS),
          max_deliver: -1,
        })
        .catch(async (e: unknown) => {
          await jsm.consumers.info(stream, durable).catch(() => {
            throw e;
          });
        });
    }
  }
}
