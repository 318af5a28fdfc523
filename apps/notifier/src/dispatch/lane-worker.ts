import { Inject, Injectable, Logger } from '@nestjs/common';
import { BlobMeta, BlobStore } from '@lib/blob-store';
import { DOCORA_CONFIG, DocoraConfig, docoraVersion } from '@lib/config';
import { Subjects } from '@lib/contracts';
import { AppsReader, SubscriptionsReader } from '@lib/database';
import { AppEntity } from '@lib/entities';
import { EventBus } from '@lib/messaging';
import { SecretCipher, WebhookSigner } from '@lib/signing';
import { performance } from 'node:perf_hooks';
import { EndpointBreaker } from '../health/endpoint-breaker';
import { EndpointHealthRepository } from '../health/endpoint-health.repository';
import { SendResult, WebhookSender } from '../http/webhook-sender';
import { webhookUrl } from '../payloads';
import { decideRetry } from '../retries/retry-policy';
import { AttemptRecord, attemptRecord, DeliveryOutcomesRepository } from './delivery-outcomes.repository';
import { LaneQueueRepository, QueuedDelivery } from './lane-queue.repository';
import { LaneKey } from './lanes.repository';
import { signingKeys } from './signing-keys';
import {
  chunkDeliveryId,
  HeldFile,
  MessagePlan,
  needsContent,
  planMessage,
  PlanContext,
} from './message-plan';
import { planRedelivery, redeliveryNeedsContent } from './redelivery-plan';

/** Same version as GET /version (package.json). */
export const USER_AGENT = `Docora/${docoraVersion()}`;
/** Deliveries read per round trip. */
const BATCH = 100;
/** Lease, pause and circuit are re-read at least this often, so a pause or another lane's outage stops us soon. */
const RECHECK_MS = 250;
/** Contents prefetched with a batch: small files only, bounded in total. */
const PREFETCH_FILE_BYTES = 64 * 1024;
const PREFETCH_TOTAL_BYTES = 4 * 1024 * 1024;

export interface LaneRun {
  lane: LaneKey;
  owner: string;
  /** This lease is the endpoint circuit's probe: the first attempt goes out although the circuit is open. */
  probe: boolean;
  stopping: () => boolean;
  /** A probe succeeded: the app's other lanes may go again. */
  onRecovered: () => void;
}

interface LaneContext {
  app: AppEntity;
  /** Current client_auth_key first, then the replaced one during a rotation's grace period. */
  keys: string[];
  plan: PlanContext;
  /** What this lane delivered since its batch was read (overrides the batch's acknowledged_files facts). */
  held: Map<string, HeldFile | null>;
}

/** `next`: go on with the following delivery. A Date: stop, the lane is due again then. null: nothing left. */
type Step = 'next' | Date | null;

/**
 * Sends one lane's pending deliveries strictly in order, stopping at the first failure (the lane is retried from
 * that delivery later; everything acknowledged before it stays acknowledged). Every HTTP request is logged in
 * delivery_attempts; failures move the app's endpoint circuit; a 410 pauses the app.
 */
@Injectable()
export class LaneWorker {
  private readonly logger = new Logger('Notifier');

  constructor(
    private readonly queue: LaneQueueRepository,
    private readonly outcomes: DeliveryOutcomesRepository,
    private readonly health: EndpointHealthRepository,
    private readonly breaker: EndpointBreaker,
    private readonly apps: AppsReader,
    private readonly subscriptions: SubscriptionsReader,
    private readonly blobs: BlobStore,
    private readonly signer: WebhookSigner,
    private readonly cipher: SecretCipher,
    private readonly sender: WebhookSender,
    private readonly events: EventBus,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  /** Returns when the lane should be tried again (null: drained or blocked by a failed delivery). */
  async drain(run: LaneRun): Promise<Date | null> {
    let probe = run.probe;
    for (;;) {
      const batch = await this.queue.next(run.lane, run.owner, BATCH);
      if (!batch.leaseHeld || batch.paused || (batch.circuitOpen && !probe)) {
        return new Date(); // another replica took over, or the app is held: stays due, not leased meanwhile
      }
      if (batch.deliveries.length === 0) {
        return null; // drained, or blocked by a failed delivery (only redeliveries go past one)
      }
      // Re-read per batch: a changed base_url or key applies from the next batch on.
      const ctx = await this.context(run.lane);
      if (!ctx) {
        return null; // app or repository deleted meanwhile: nothing to send to / about
      }
      const readAt = performance.now();
      const { metas, small } = await this.prefetch(batch.deliveries);
      for (const d of batch.deliveries) {
        if (run.stopping()) {
          return new Date(); // shutting down: hand the lane back between two deliveries
        }
        if (performance.now() - readAt > RECHECK_MS) {
          break;
        }
        const plan = await this.plan(ctx, d, metas, small);
        const step = plan.kind === 'skip' ? await this.skip(ctx, d, plan) : await this.send(ctx, d, plan);
        if (plan.kind === 'send' && probe) {
          probe = false;
          if (step === 'next') {
            run.onRecovered(); // the success closed the circuit (DeliveryOutcomesRepository)
          }
        }
        if (step !== 'next') {
          return step;
        }
      }
    }
  }

  private async context(lane: LaneKey): Promise<LaneContext | null> {
    const [app, repo] = await Promise.all([
      this.apps.findById(lane.app_id),
      this.subscriptions.repository(lane.repository_id),
    ]);
    if (!app || !repo) {
      return null;
    }
    return {
      app,
      keys: signingKeys(app, this.cipher),
      plan: {
        repository: {
          repository_id: repo.repository_id,
          github_url: repo.github_url,
          owner: repo.owner,
          name: repo.name,
        },
        chunkThresholdBytes: this.config.chunking.thresholdBytes,
        chunkSizeChars: this.config.chunking.chunkSizeChars,
      },
      held: new Map(),
    };
  }

  private async prefetch(ds: QueuedDelivery[]) {
    const oids = ds.flatMap((d) => (d.blob_oid ? [d.blob_oid] : []));
    const metas = await this.blobs.metaMany(oids);
    const wanted: string[] = [];
    let budget = PREFETCH_TOTAL_BYTES;
    for (const m of metas.values()) {
      if (m.size <= PREFETCH_FILE_BYTES && m.size <= budget) {
        wanted.push(m.oid);
        budget -= m.size;
      }
    }
    return { metas, small: await this.blobs.readSmall(wanted) };
  }

  private async plan(
    ctx: LaneContext,
    d: QueuedDelivery,
    metas: Map<string, BlobMeta>,
    small: Map<string, Buffer>,
  ): Promise<MessagePlan> {
    const held = d.redelivery ? null : this.heldFile(ctx, d);
    const meta = d.blob_oid ? (metas.get(d.blob_oid) ?? (await this.blobs.meta(d.blob_oid))) : null;
    const wanted = d.redelivery ? redeliveryNeedsContent(d) : needsContent(d, held);
    if (wanted && !meta) {
      throw new Error(`blob ${d.blob_oid} of delivery ${d.delivery_id} is missing`);
    }
    let content: Buffer | null = null;
    if (meta && d.blob_oid && wanted) {
      content = small.get(d.blob_oid) ?? (await this.blobs.readAll(d.blob_oid));
    }
    return d.redelivery
      ? planRedelivery(d, content, ctx.plan)
      : planMessage(d, held, meta, content, ctx.plan);
  }

  private heldFile(ctx: LaneContext, d: QueuedDelivery): HeldFile | null {
    if (d.path !== null && ctx.held.has(d.path)) {
      return ctx.held.get(d.path) ?? null;
    }
    return d.ack_sha256 && d.ack_blob_oid ? { sha256: d.ack_sha256, blob_oid: d.ack_blob_oid } : null;
  }

  private async skip(
    ctx: LaneContext,
    d: QueuedDelivery,
    plan: MessagePlan & { kind: 'skip' },
  ): Promise<Step> {
    if (await this.outcomes.complete(d, null, plan.ack, null)) {
      this.remember(ctx, d, plan.ack);
    }
    return 'next';
  }

  /** Sends the message's bodies from the first unacknowledged chunk on; each chunk is its own webhook. */
  private async send(
    ctx: LaneContext,
    d: QueuedDelivery,
    plan: MessagePlan & { kind: 'send' },
  ): Promise<Step> {
    const url = webhookUrl(ctx.app.base_url, plan.event);
    for (let index = d.chunks_acked; index < plan.total; index++) {
      const body = plan.body(index);
      const webhookId = chunkDeliveryId(d.delivery_id, index, plan.total);
      // Attempts count per message: the chunk the delivery stopped at carries its count, later chunks start after
      // the run's offset (0, or the numbers a redelivered or retried message already used).
      const attempt = (index === d.chunks_acked ? d.attempts : d.attempt_offset) + 1;
      const headers = {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
        'X-Docora-App-Id': ctx.app.app_id,
        'X-Docora-Event': plan.event,
        'X-Docora-Delivery': webhookId,
        'X-Docora-Attempt': String(attempt),
        ...this.signer.sign({
          body,
          timestampSeconds: Math.floor(Date.now() / 1000),
          deliveryId: webhookId,
          keys: ctx.keys,
        }),
      };
      const result = await this.sender.send(url, body, headers, plan.timeoutMs);
      const record = attemptRecord(result, attempt, index, plan.total, webhookId);
      if (!result.ok) {
        return this.failed(d, record, result);
      }
      if (index + 1 < plan.total) {
        await this.outcomes.chunkAcknowledged(d, index + 1, record);
      } else if (await this.outcomes.complete(d, record, plan.ack, plan.sent)) {
        this.remember(ctx, d, plan.ack);
      }
    }
    return 'next';
  }

  private remember(ctx: LaneContext, d: QueuedDelivery, ack: MessagePlan['ack']): void {
    if (d.path === null || ack.kind === 'none') {
      return;
    }
    ctx.held.set(
      d.path,
      ack.kind === 'hold' && d.blob_oid ? { sha256: ack.sha256, blob_oid: d.blob_oid } : null,
    );
  }

  private async failed(d: QueuedDelivery, record: AttemptRecord, result: SendResult): Promise<Step> {
    const decision = decideRetry(this.config.delivery.retryScheduleMs, {
      attempt: record.attempt - d.attempt_offset, // a redelivery or retry runs the whole schedule again
      statusCode: result.statusCode,
      retryAfterMs: result.retryAfterMs,
    });
    const retryAt = decision.kind === 'retry' ? new Date(Date.now() + decision.delayMs) : null;
    const opened = await this.outcomes.failed(
      d,
      record,
      decision.kind === 'exhausted',
      retryAt,
      async (em) => {
        if (decision.kind === 'pause') {
          await this.health.pauseGone(em, d.app_id);
          return false;
        }
        return (await this.health.update(em, d.app_id, (s) => this.breaker.onFailure(s))).opened;
      },
    );
    const what = `delivery ${d.delivery_id} (${d.event} ${d.path ?? ''}) attempt ${record.attempt}`;
    this.logger.warn(`${what} failed: ${record.error ?? 'failed'}`);
    if (opened) {
      this.logger.warn(`endpoint circuit of app ${d.app_id} opened: its deliveries wait for the cooldown`);
    }
    switch (decision.kind) {
      case 'retry':
        return retryAt;
      case 'pause':
        this.logger.warn(
          `app ${d.app_id} answered 410 Gone: its deliveries are paused until an admin resumes them`,
        );
        return new Date();
      case 'exhausted':
        if (d.redelivery) {
          // A copy of an acknowledged message: the lane and the subscription go on (LANE_BLOCKING).
          this.logger.warn(`${what}: retries of the redelivery exhausted`);
          return 'next';
        }
        this.logger.warn(`${what}: retries exhausted, the subscription fails`);
        await this.events.publish(Subjects.DeliveryFailed, {
          app_id: d.app_id,
          repository_id: d.repository_id,
          delivery_id: d.delivery_id,
          attempts: record.attempt,
          error: record.error ?? 'failed',
        });
        return null;
    }
  }
}
