import { AppError } from '@lib/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { QueuedDelivery } from './lane-queue.repository';
import { HeldFile, MessagePlan, PlanContext, planMessage } from './message-plan';
import { planRedelivery, redeliveryNeedsContent } from './redelivery-plan';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const CTX: PlanContext = {
  repository: {
    repository_id: 'repo_0123456789abcdef01234567',
    github_url: 'https://github.com/acme/docs',
    owner: 'acme',
    name: 'docs',
  },
  chunkThresholdBytes: 1000,
  chunkSizeChars: 400,
};

function queued(over: Partial<QueuedDelivery>): QueuedDelivery {
  return {
    seq: '7',
    delivery_id: '4b1d2f0e-8c3a-4e7b-9f21-6a5d3c2b1e0f',
    app_id: 'app_0123456789abcdef01234567',
    repository_id: CTX.repository.repository_id,
    event: 'create',
    path: 'docs/guide.md',
    blob_oid: 'b'.repeat(40),
    commit_sha: 'c'.repeat(40),
    payload: null,
    force: false,
    attempts: 1,
    chunk_id: '7e57d004-2b97-4e7a-b45f-5387367791cd',
    chunks_acked: 0,
    payload_timestamp: new Date('2026-03-01T12:00:00.000Z'),
    sent_event: null,
    sent_sha: null,
    sent_previous_sha: null,
    redelivery: false,
    attempt_offset: 0,
    ack_sha256: null,
    ack_blob_oid: null,
    ...over,
  };
}

type SendPlan = MessagePlan & { kind: 'send' };
const bodies = (p: SendPlan) => Array.from({ length: p.total }, (_, i) => p.body(i));

/**
 * The first delivery as the lane worker plans it, then the row as complete() leaves it (what was sent recorded)
 * and as RedeliveryRepository requeues it: the redelivery must rebuild the very same bytes.
 */
function firstThenRedelivered(d: QueuedDelivery, held: HeldFile | null, content: Buffer | null) {
  const meta = content ? { oid: d.blob_oid!, size: content.length } : null;
  const original = planMessage(d, held, meta, content, CTX) as SendPlan;
  expect(original.kind).toBe('send');
  const row = queued({
    ...d,
    sent_event: original.sent.event,
    sent_sha: original.sent.sha,
    sent_previous_sha: original.sent.previousSha,
    redelivery: true,
    // What the app holds has moved on since: a redelivery must not care.
    ack_sha256: 'e'.repeat(64),
    ack_blob_oid: 'e'.repeat(40),
  });
  return { original, again: planRedelivery(row, redeliveryNeedsContent(row) ? content : null, CTX) };
}

describe('planRedelivery', () => {
  it('should rebuild an update byte for byte, with its previous_sha, and leave acknowledged files alone', () => {
    const content = Buffer.from('# Guide\n\nsecond version\n');
    const held = { sha256: 'a'.repeat(64), blob_oid: 'a'.repeat(40) };
    const { original, again } = firstThenRedelivered(queued({ event: 'create' }), held, content);

    expect(original.event).toBe('update'); // planned as a create, sent as an update: the app held the file
    expect(again.event).toBe('update');
    expect(bodies(again)).toEqual(bodies(original));
    expect(JSON.parse(again.body(0)).previous_sha).toBe('a'.repeat(64));
    expect(original.ack).toEqual({ kind: 'hold', sha256: sha256(content) });
    expect(again.ack).toEqual({ kind: 'none' });
    expect(again.sent).toEqual(original.sent);
  });

  it('should rebuild every chunk of a chunked binary file byte for byte, with the same chunk id', () => {
    const content = randomBytes(2000); // base64 2668 chars > threshold 1000: 7 chunks of 400 chars
    const { original, again } = firstThenRedelivered(queued({}), null, content);

    expect(original.total).toBe(7);
    expect(again.total).toBe(7);
    expect(bodies(again)).toEqual(bodies(original));
    expect(JSON.parse(again.body(6)).file.chunk).toEqual({
      id: '7e57d004-2b97-4e7a-b45f-5387367791cd',
      index: 6,
      total: 7,
    });
  });

  it('should rebuild a delete with the sha the app held then, and a sync_failed from its stored body', () => {
    const held = { sha256: 'd'.repeat(64), blob_oid: 'd'.repeat(40) };
    const del = firstThenRedelivered(queued({ event: 'delete', blob_oid: null }), held, null);
    expect(bodies(del.again)).toEqual(bodies(del.original));
    expect(JSON.parse(del.again.body(0)).file.sha).toBe('d'.repeat(64));

    const payload = '{"event":"sync_failed","timestamp":"2026-03-01T12:00:00.000Z"}';
    const alert = firstThenRedelivered(queued({ event: 'sync_failed', path: null, payload }), null, null);
    expect(bodies(alert.again)).toEqual([payload]);
  });

  it('should refuse a row whose sent message was not recorded', () => {
    const row = queued({ redelivery: true, sent_event: 'update', sent_sha: 'a'.repeat(64) });
    expect(() => planRedelivery(row, Buffer.from('x'), CTX)).toThrow(AppError);
    expect(() => planRedelivery(queued({ redelivery: true }), Buffer.from('x'), CTX)).toThrow(AppError);
  });
});
