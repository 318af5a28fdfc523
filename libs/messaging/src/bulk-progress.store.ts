import { Injectable } from '@nestjs/common';
import { BulkItemError, BulkProgress } from '@lib/contracts';
import { RedisProvider } from './redis.provider';

/** v1: progress lives for an hour; here the hour restarts at every step, so a long operation never expires. */
export const BULK_PROGRESS_TTL_S = 3600;
/** Failure reasons kept per operation (the counts cover every failure). */
export const BULK_ERRORS_KEPT = 20;

/** What a worker may do with item `index` (see begin). */
export type BulkStep = 'run' | 'resumed' | 'cancelled' | 'gone' | 'moved';

// Cancellation never creates the key (v1 created a permanent hash for any id) and is a no-op once all is done.
const CANCEL = `
local v = redis.call('HMGET', KEYS[1], 'completed', 'total')
if not v[1] or not v[2] then return 0 end
if tonumber(v[1]) < tonumber(v[2]) then redis.call('HSET', KEYS[1], 'cancelled', '1') end
return 1`;

// `completed` is the cursor: item `completed` is the next one. `started` marks the item whose action began, so a
// worker that resumes after a crash knows the item in flight may already have taken effect.
const BEGIN = `
local v = redis.call('HMGET', KEYS[1], 'completed', 'cancelled', 'started')
if not v[1] then return 'gone' end
if v[2] == '1' then return 'cancelled' end
if tonumber(v[1]) ~= tonumber(ARGV[1]) then return 'moved' end
redis.call('HSET', KEYS[1], 'started', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
if v[3] == ARGV[1] then return 'resumed' end
return 'run'`;

// Counts item ARGV[1] once: a second worker (or a replay) recording the same index changes nothing.
const RECORD = `
local c = redis.call('HGET', KEYS[1], 'completed')
if not c or tonumber(c) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HINCRBY', KEYS[1], 'completed', 1)
if ARGV[2] == 'ok' then
  redis.call('HINCRBY', KEYS[1], 'succeeded', 1)
else
  redis.call('HINCRBY', KEYS[1], 'failed', 1)
  if redis.call('LLEN', KEYS[2]) < tonumber(ARGV[5]) then redis.call('RPUSH', KEYS[2], ARGV[4]) end
end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 1`;

// While one item takes long (a redelivery waiting for its endpoint): the record stays alive, and the worker
// learns of a cancellation without waiting for the item.
const HEARTBEAT = `
local c = redis.call('HGET', KEYS[1], 'cancelled')
if not c then return 'gone' end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
if c == '1' then return 'cancelled' end
return 'running'`;

function parseError(raw: string): BulkItemError | null {
  try {
    const e = JSON.parse(raw) as BulkItemError;
    return {
      app_id: String(e.app_id),
      repository_id: String(e.repository_id),
      ...(e.delivery_id === undefined ? {} : { delivery_id: String(e.delivery_id) }),
      error: String(e.error),
    };
  } catch {
    return null;
  }
}

/**
 * Progress of admin bulk operations in Redis: hash `<ns>:bulk:<id>` with v1's fields `total, completed,
 * succeeded, failed, cancelled` (plus `started`, the cursor's in-flight mark) and list `<ns>:bulk:<id>:errors`.
 * The worker (registry, or the notifier for redeliveries) writes it; the gateway reads it and requests cancellation,
 * without needing the worker's process.
 */
@Injectable()
export class BulkProgressStore {
  constructor(private readonly redis: RedisProvider) {}

  private keys(id: string): [string, string] {
    return [this.redis.key('bulk', id), this.redis.key('bulk', id, 'errors')];
  }

  async create(id: string, total: number): Promise<void> {
    const [hash] = this.keys(id);
    await this.redis.client
      .multi()
      .hset(hash, { total, completed: 0, succeeded: 0, failed: 0, cancelled: 0, started: -1 })
      .expire(hash, BULK_PROGRESS_TTL_S)
      .exec();
  }

  async remove(id: string): Promise<void> {
    await this.redis.client.del(...this.keys(id));
  }

  async get(id: string): Promise<BulkProgress | null> {
    const [hash, errors] = this.keys(id);
    const [h, list] = await Promise.all([
      this.redis.client.hgetall(hash),
      this.redis.client.lrange(errors, 0, BULK_ERRORS_KEPT - 1),
    ]);
    if (h.total === undefined) {
      return null;
    }
    const n = (v: string | undefined) => Number(v ?? 0);
    return {
      operation_id: id,
      total: n(h.total),
      completed: n(h.completed),
      succeeded: n(h.succeeded),
      failed: n(h.failed),
      cancelled: h.cancelled === '1',
      errors: list.map(parseError).filter((e): e is BulkItemError => e !== null),
    };
  }

  /** False when the operation does not exist (unknown or expired); nothing is written then. */
  async requestCancel(id: string): Promise<boolean> {
    return (await this.redis.client.eval(CANCEL, 1, this.keys(id)[0])) === 1;
  }

  /**
   * Before item `index`: `run` (go on), `resumed` (go on; this item was begun by a worker that died, so its action
   * may already have happened), `cancelled`, `gone` (expired) or `moved` (the cursor is elsewhere: another worker
   * owns the operation).
   */
  async begin(id: string, index: number): Promise<BulkStep> {
    return (await this.redis.client.eval(BEGIN, 2, ...this.keys(id), index, BULK_PROGRESS_TTL_S)) as BulkStep;
  }

  /** Restarts the record's expiry; says whether it still runs, was cancelled, or is gone. */
  async heartbeat(id: string): Promise<'running' | 'cancelled' | 'gone'> {
    return (await this.redis.client.eval(HEARTBEAT, 2, ...this.keys(id), BULK_PROGRESS_TTL_S)) as
      'running' | 'cancelled' | 'gone';
  }

  /** Counts item `index` and moves the cursor past it; false if it was already counted. */
  async record(id: string, index: number, error: BulkItemError | null): Promise<boolean> {
    const result = await this.redis.client.eval(
      RECORD,
      2,
      ...this.keys(id),
      index,
      error ? 'failed' : 'ok',
      BULK_PROGRESS_TTL_S,
      error ? JSON.stringify(error) : '',
      BULK_ERRORS_KEPT,
    );
    return result === 1;
  }
}
