import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import Redis from 'ioredis';

/**
 * Removes what a test namespace left in the shared NATS and Redis (its JetStream stream with its consumers, and
 * every `<ns>:*` key), so repeated test runs do not accumulate streams and keys on the machine.
 */
export async function cleanupNamespace(
  ns: string,
  urls = { nats: 'nats://127.0.0.1:4222', redis: 'redis://127.0.0.1:6379' },
): Promise<void> {
  const nc = await connect({ servers: urls.nats });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams
      .delete(`${ns.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_EVENTS`)
      .catch(() => undefined);
  } finally {
    await nc.close();
  }
  const redis = new Redis(urls.redis);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${ns}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) {
        await redis.del(...keys);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
