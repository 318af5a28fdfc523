import { Inject, Injectable, Logger } from '@nestjs/common';
import { BlobStore } from '@lib/blob-store';
import { DOCORA_CONFIG, DocoraConfig, docoraVersion } from '@lib/config';
import { Subjects } from '@lib/contracts';
import { AppsReader, SubscriptionsReader } from '@lib/database';
import { EventBus } from '@lib/messaging';
import { AppEntity, DeliveryEntity } from '@lib/entities';
import { SecretCipher, WebhookSigner } from '@lib/signing';
import { createHash } from 'node:crypto';
import { DeliveriesRepository, LaneKey } from '../deliveries/deliveries.repository';
import {
  buildFileMessage,
  FileMessageInput,
  messageCount,
  WebhookEndpoint,
  WebhookRepository,
  webhookUrl,
} from '../payloads';
import { WebhookSender } from './webhook-sender';

/** Same version as GET /version (package.json). */
export const USER_AGENT = `Docora/${docoraVersion()}`;
const FILE_TIMEOUT_MS = 30_000;
const SYNC_FAILED_TIMEOUT_MS = 10_000;

/** Delivery id of chunk k: stable across retries, distinct per chunk (each chunk is its own message). */
export function chunkDeliveryId(deliveryId: string, index: number, total: number): string {
  if (total <= 1) {
    return deliveryId;
  }
  const h = createHash('sha256').update(`${deliveryId}:${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Sends one lane's pending deliveries strictly in order, stopping at the first failure (the lane is retried
 * later from that delivery; everything acknowledged before it stays acknowledged).
 */
@Injectable()
export class LaneWorker {
  private readonly logger = new Logger('Notifier');

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly apps: AppsReader,
    private readonly subscriptions: SubscriptionsReader,
    private readonly blobs: BlobStore,
    private readonly signer: WebhookSigner,
    private readonly cipher: SecretCipher,
    private readonly sender: WebhookSender,
    private readonly events: EventBus,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  /** Returns when the lane should be tried again (null: drained). */
  async drain(lane: LaneKey, owner: string, stopping: () => boolean): Promise<Date | null> {
    const app = await this.apps.findById(lane.app_id);
    const repo = await this.subscriptions.repository(lane.repository_id);
    if (!app || !repo) {
      return null;
    } // deleted meanwhile: nothing to send to / about
    const key = this.cipher.decrypt(app.client_auth_key_encrypted);
    const repository: WebhookRepository = {
      repository_id: repo.repository_id,
      github_url: repo.github_url,
      owner: repo.owner,
      name: repo.name,
    };
    for (;;) {
      const d = await this.deliveries.nextPending(lane);
      if (!d) {
        return null;
      }
      if (stopping()) {
        return new Date();
      } // shutting down: hand the lane back between two deliveries
      if (!(await this.deliveries.holdsLease(lane, owner))) {
        return new Date();
      } // another replica took over
      const retryAt = await this.deliver(app, key, repository, lane, d);
      if (retryAt) {
        return retryAt;
      }
    }
  }

  private async deliver(
    app: AppEntity,
    key: string,
    repository: WebhookRepository,
    lane: LaneKey,
    d: DeliveryEntity,
  ): Promise<Date | null> {
    if (d.event === 'sync_failed') {
      return this.send(app, key, d, 'sync_failed', [d.payload ?? ''], SYNC_FAILED_TIMEOUT_MS, null);
    }
    const ack = d.path ? await this.deliveries.acknowledged(lane, d.path) : null;
    const common = {
      repository,
      path: d.path ?? '',
      commitSha: d.commit_sha ?? '',
      timestamp: d.payload_timestamp.toISOString(),
      chunkThresholdBytes: this.config.chunking.thresholdBytes,
      chunkSizeChars: this.config.chunking.chunkSizeChars,
      chunkId: d.chunk_id,
    };
    let input: FileMessageInput;
    let sha256: string | null = null;
    if (d.event === 'delete') {
      if (!ack) {
        await this.deliveries.markDelivered(d, null, null); // the app never got this file: nothing to delete
        return null;
      }
      input = { ...common, event: 'delete', sha: ack.sha256 };
    } else {
      const meta = d.blob_oid ? await this.blobs.meta(d.blob_oid) : null;
      if (!meta || !d.blob_oid) {
        throw new Error(`blob ${d.blob_oid} of delivery ${d.delivery_id} is missing`);
      }
      if (ack && ack.blob_oid === d.blob_oid && !d.force) {
        await this.deliveries.markDelivered(d, null, { sha256: ack.sha256 }); // already holds these bytes
        return null;
      }
      const content = await this.blobs.readAll(d.blob_oid);
      // SHA-256 only for what is delivered (the blob store does not hash every file it stores).
      const sha = createHash('sha256').update(content).digest('hex');
      sha256 = sha;
      // create vs update follows what the app acknowledged, not what was planned; a resync re-sends as creates.
      input =
        ack && !d.force
          ? { ...common, event: 'update', content, sha, previousSha: ack.sha256 }
          : { ...common, event: 'create', content, sha };
    }
    const bodies = Array.from({ length: messageCount(input) }, (_, i) => i);
    return this.send(
      app,
      key,
      d,
      input.event,
      bodies.map((i) => () => buildFileMessage(input, i)),
      FILE_TIMEOUT_MS,
      sha256,
    );
  }

  /** Sends the message's bodies from the first unacknowledged chunk on; each chunk is its own webhook. */
  private async send(
    app: AppEntity,
    key: string,
    d: DeliveryEntity,
    event: WebhookEndpoint,
    bodies: Array<string | (() => string)>,
    timeoutMs: number,
    sha256: string | null,
  ): Promise<Date | null> {
    const attempt = d.attempts + 1;
    const total = bodies.length;
    for (let index = d.chunks_acked; index < total; index++) {
      const entry = bodies[index];
      const body = typeof entry === 'string' ? entry : entry();
      const deliveryId = chunkDeliveryId(d.delivery_id, index, total);
      const headers = {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
        'X-Docora-App-Id': app.app_id,
        'X-Docora-Event': event,
        'X-Docora-Delivery': deliveryId,
        'X-Docora-Attempt': String(attempt),
        ...this.signer.sign({
          body,
          timestampSeconds: Math.floor(Date.now() / 1000),
          deliveryId,
          keys: [key],
        }),
      };
      const result = await this.sender.send(webhookUrl(app.base_url, event), body, headers, timeoutMs);
      if (!result.ok) {
        return this.failed(d, attempt, result.statusCode, result.error ?? 'failed', result.retryAfterMs);
      }
      if (index + 1 < total) {
        await this.deliveries.chunkAcked(d.delivery_id, index + 1, result.statusCode ?? 200);
      } else {
        await this.deliveries.markDelivered(d, result.statusCode, sha256 ? { sha256 } : null);
      }
    }
    return null;
  }

  private async failed(
    d: DeliveryEntity,
    attempt: number,
    status: number | null,
    error: string,
    retryAfterMs: number | null,
  ): Promise<Date | null> {
    const schedule = this.config.delivery.retryScheduleMs;
    const exhausted = attempt > schedule.length;
    await this.deliveries.recordFailure(d, attempt, status, error, exhausted);
    this.logger.warn(
      `delivery ${d.delivery_id} (${d.event} ${d.path ?? ''}) attempt ${attempt} failed: ${error}${exhausted ? ' — retries exhausted' : ''}`,
    );
    if (exhausted) {
      await this.events.publish(Subjects.DeliveryFailed, {
        app_id: d.app_id,
        repository_id: d.repository_id,
        delivery_id: d.delivery_id,
        attempts: attempt,
        error,
      });
      return null;
    }
    const base = schedule[attempt - 1];
    const jittered = base * (0.8 + Math.random() * 0.4);
    const honoured =
      retryAfterMs !== null && (status === 429 || status === 503)
        ? Math.min(retryAfterMs, base * 10)
        : jittered;
    return new Date(Date.now() + Math.max(honoured, 0));
  }
}
