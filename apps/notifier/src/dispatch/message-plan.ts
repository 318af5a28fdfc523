import { BlobMeta } from '@lib/blob-store';
import { createHash } from 'node:crypto';
import {
  buildFileMessage,
  FileMessageInput,
  messageCount,
  WebhookEndpoint,
  WebhookRepository,
} from '../payloads';
import { AckChange } from './delivery-outcomes.repository';
import { QueuedDelivery } from './lane-queue.repository';

/** Timeouts of SPEC §4.3. */
export const FILE_TIMEOUT_MS = 30_000;
export const SYNC_FAILED_TIMEOUT_MS = 10_000;

/** What the app holds for a path (from acknowledged_files, or from this lane's own earlier successes). */
export interface HeldFile {
  sha256: string;
  blob_oid: string;
}

/** What a delivery sent, recorded when it completes so that a redelivery can rebuild the same bytes. */
export interface SentMessage {
  event: WebhookEndpoint;
  /** `file.sha` (for a delete: the sha the app held); null for sync_failed. */
  sha: string | null;
  /** `previous_sha` of an update; null otherwise. */
  previousSha: string | null;
}

export type MessagePlan =
  /** Nothing to send (a delete of a file the app never got, bytes it already holds); record `ack` and go on. */
  | { kind: 'skip'; ack: AckChange }
  | {
      kind: 'send';
      event: WebhookEndpoint;
      total: number;
      /** Body of message `index`; built on demand so a large file's chunks are not all held at once. */
      body: (index: number) => string;
      timeoutMs: number;
      /** What the app holds once the last message is acknowledged. */
      ack: AckChange;
      sent: SentMessage;
    };

export interface PlanContext {
  repository: WebhookRepository;
  chunkThresholdBytes: number;
  chunkSizeChars: number;
}

/** Delivery id of chunk k: stable across retries, distinct per chunk (each chunk is its own message). */
export function chunkDeliveryId(deliveryId: string, index: number, total: number): string {
  if (total <= 1) {
    return deliveryId;
  }
  const h = createHash('sha256').update(`${deliveryId}:${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A file delivery that needs the blob's bytes to be planned (create/update not already held). */
export function needsContent(d: QueuedDelivery, held: HeldFile | null): boolean {
  return d.event !== 'delete' && d.event !== 'sync_failed' && !(held?.blob_oid === d.blob_oid && !d.force);
}

/**
 * Turns a queued delivery into the webhook(s) to send. create vs update follows what the app holds, not what was
 * planned (a resync, `force`, re-sends everything as creates).
 */
export function planMessage(
  d: QueuedDelivery,
  held: HeldFile | null,
  meta: BlobMeta | null,
  content: Buffer | null,
  ctx: PlanContext,
): MessagePlan {
  if (d.event === 'sync_failed') {
    const payload = d.payload ?? '';
    return {
      kind: 'send',
      event: 'sync_failed',
      total: 1,
      body: () => payload,
      timeoutMs: SYNC_FAILED_TIMEOUT_MS,
      ack: { kind: 'none' },
      sent: { event: 'sync_failed', sha: null, previousSha: null },
    };
  }
  const common = messageBase(d, ctx);
  let input: FileMessageInput;
  let ack: AckChange;
  if (d.event === 'delete') {
    if (!held) {
      return { kind: 'skip', ack: { kind: 'none' } }; // the app never got this file: nothing to delete
    }
    input = { ...common, event: 'delete', sha: held.sha256 };
    ack = { kind: 'drop' };
  } else {
    if (!meta || !d.blob_oid) {
      throw new Error(`blob ${d.blob_oid} of delivery ${d.delivery_id} is missing`);
    }
    if (held && !needsContent(d, held)) {
      return { kind: 'skip', ack: { kind: 'hold', sha256: held.sha256 } }; // already holds these bytes
    }
    if (!content) {
      throw new Error(`content of blob ${d.blob_oid} was not loaded`);
    }
    // SHA-256 only for what is delivered: the blob store does not hash every file it stores.
    const sha = createHash('sha256').update(content).digest('hex');
    ack = { kind: 'hold', sha256: sha };
    input =
      held && !d.force
        ? { ...common, event: 'update', content, sha, previousSha: held.sha256 }
        : { ...common, event: 'create', content, sha };
  }
  return filePlan(input, ack);
}

/** What every message of `d` shares, fixed at creation: a retry or a redelivery sends the same bytes. */
export function messageBase(d: QueuedDelivery, ctx: PlanContext) {
  return {
    repository: ctx.repository,
    path: d.path ?? '',
    commitSha: d.commit_sha ?? '',
    timestamp: new Date(d.payload_timestamp).toISOString(),
    chunkThresholdBytes: ctx.chunkThresholdBytes,
    chunkSizeChars: ctx.chunkSizeChars,
    chunkId: d.chunk_id,
  };
}

/** The send plan of one file message (a first delivery, or a redelivery rebuilt from what was sent). */
export function filePlan(input: FileMessageInput, ack: AckChange): MessagePlan & { kind: 'send' } {
  return {
    kind: 'send',
    event: input.event,
    total: messageCount(input),
    body: (index) => buildFileMessage(input, index),
    timeoutMs: FILE_TIMEOUT_MS,
    ack,
    sent: {
      event: input.event,
      sha: input.sha,
      previousSha: input.event === 'update' ? (input.previousSha ?? null) : null,
    },
  };
}
