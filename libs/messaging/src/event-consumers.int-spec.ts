import { Injectable, OnModuleInit } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule, DOCORA_CONFIG, loadConfig } from '@lib/config';
import { RepoScannedEvent, Subjects } from '@lib/contracts';
import { cleanupNamespace, expectEventually, uniqueNamespace } from '@lib/testing';
import { jetstream } from '@nats-io/jetstream';
import { randomBytes } from 'node:crypto';
import { EventBus } from './event-bus';
import { EventConsumers } from './event-consumers';
import { MessagingModule } from './messaging.module';
import { NatsConnectionProvider } from './nats-connection';
import { wireSubject } from './topology';

const event = (n: number): RepoScannedEvent => ({
  repository_id: 'repo_' + 'a'.repeat(24),
  branch: 'main',
  from_commit: null,
  to_commit: String(n).padStart(40, '0'),
  scan_id: String(n),
  changed_files: n,
});

@Injectable()
class Recorder implements OnModuleInit {
  readonly seen: string[] = [];
  failNext = 0;
  constructor(private readonly consumers: EventConsumers) {}
  onModuleInit(): void {
    this.consumers.register('diff', Subjects.RepoScanned, async (data) => {
      await Promise.resolve();
      if (this.failNext > 0) {
        this.failNext--;
        throw new Error('simulated handler failure');
      }
      this.seen.push(data.scan_id);
    });
  }
}

async function boot(ns: string, withRecorder: boolean): Promise<TestingModule> {
  const config = loadConfig({
    ...process.env,
    DOCORA_NAMESPACE: ns,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  });
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule, MessagingModule],
    providers: withRecorder ? [Recorder] : [],
  })
    .overrideProvider(DOCORA_CONFIG)
    .useValue(config)
    .compile();
  moduleRef.enableShutdownHooks();
  await moduleRef.init();
  return moduleRef;
}

describe(EventConsumers.name, () => {
  const namespaces: string[] = [];
  const fresh = (): string => {
    const ns = uniqueNamespace();
    namespaces.push(ns);
    return ns;
  };
  afterAll(async () => {
    for (const ns of namespaces) {
      await cleanupNamespace(ns);
    }
  });

  it('should deliver an event published before its consumer ever started', async () => {
    const ns = fresh();
    const publisher = await boot(ns, false); // creates the stream and every declared consumer
    await publisher.get(EventBus).publish(Subjects.RepoScanned, event(1));
    const consumer = await boot(ns, true);
    try {
      const rec = consumer.get(Recorder);
      await expectEventually(() => expect(rec.seen).toEqual(['1']), { timeoutMs: 10_000 });
    } finally {
      await consumer.close();
      await publisher.close();
    }
  });

  it('should redeliver after a handler failure and handle each event_id once', async () => {
    const ns = fresh();
    const app = await boot(ns, true);
    try {
      const rec = app.get(Recorder);
      rec.failNext = 1;
      await app.get(EventBus).publish(Subjects.RepoScanned, event(2));
      await expectEventually(() => expect(rec.seen).toEqual(['2']), { timeoutMs: 15_000 });

      // The same envelope stored twice (e.g. a publisher retried after a lost ack, outside the dedupe window).
      const js = jetstream(await app.get(NatsConnectionProvider).get());
      const envelope = {
        event_id: 'fixed-id',
        occurred_at: new Date().toISOString(),
        schema_version: 1,
        correlation_id: 'c',
        data: event(3),
      };
      await js.publish(wireSubject(ns, Subjects.RepoScanned), JSON.stringify(envelope), { msgID: 'a' });
      await js.publish(wireSubject(ns, Subjects.RepoScanned), JSON.stringify(envelope), { msgID: 'b' });
      await app.get(EventBus).publish(Subjects.RepoScanned, event(4));
      await expectEventually(() => expect(rec.seen).toEqual(['2', '3', '4']), { timeoutMs: 10_000 });
    } finally {
      await app.close();
    }
  });

  it('should drop an invalid payload instead of redelivering it forever', async () => {
    const ns = fresh();
    const app = await boot(ns, true);
    try {
      const js = jetstream(await app.get(NatsConnectionProvider).get());
      await js.publish(
        wireSubject(ns, Subjects.RepoScanned),
        JSON.stringify({ event_id: 'x', data: { repository_id: 'nope' } }),
      );
      await app.get(EventBus).publish(Subjects.RepoScanned, event(5));
      const rec = app.get(Recorder);
      await expectEventually(() => expect(rec.seen).toEqual(['5']), { timeoutMs: 10_000 });
    } finally {
      await app.close();
    }
  });
});
