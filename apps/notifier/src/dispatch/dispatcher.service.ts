import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { EndpointBreaker } from '../health/endpoint-breaker';
import { LaneWorker } from './lane-worker';
import { LaneKey, LanesRepository } from './lanes.repository';

const POLL_MS = 1000;
/** Probes started per claim: they are single attempts, but each holds a slot until it answers. */
const MAX_PROBES_PER_CLAIM = 4;

/**
 * Runs delivery lanes: leases due lanes (disjoint across replicas), drains each in order, renews leases while
 * alive. Parallel across lanes, so a slow endpoint holds only its own lanes; lanes of a paused app or of an app
 * whose endpoint circuit is open are not leased at all, except the one probe after the cooldown.
 */
@Injectable()
export class DispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Dispatcher');
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<string, Promise<void>>();
  private pollTimer?: NodeJS.Timeout;
  private renewTimer?: NodeJS.Timeout;
  private claiming?: Promise<void>;
  private again = false;
  private stopping = false;

  constructor(
    private readonly lanes: LanesRepository,
    private readonly worker: LaneWorker,
    private readonly breaker: EndpointBreaker,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.pollTimer = setInterval(() => this.kick(), POLL_MS);
    this.renewTimer = setInterval(
      () => {
        if (this.active.size) {
          void this.lanes.renew(this.owner, this.config.delivery.leaseMs).catch(() => undefined);
        }
      },
      Math.max(250, Math.floor(this.config.delivery.leaseMs / 3)),
    );
    this.kick();
  }

  /**
   * Slots: DELIVERY_CONCURRENCY lanes at once (they wait on I/O, so this bounds memory and DB load, not CPU), at
   * most DELIVERY_CONCURRENCY_PER_APP of one app: an app whose endpoint hangs holds only those, and its endpoint
   * circuit opens after ENDPOINT_BREAKER_THRESHOLD timeouts, releasing them.
   */
  private get slots() {
    return this.config.delivery.concurrency;
  }

  /** Look for due lanes now (new deliveries were ingested, a circuit closed, or the poll timer fired). */
  kick(): void {
    if (this.stopping) {
      return;
    }
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = this.claim()
      .catch((e: unknown) => this.logger.warn(`claiming lanes failed: ${(e as Error).message}`))
      .finally(() => {
        this.claiming = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async claim(): Promise<void> {
    const leaseMs = this.config.delivery.leaseMs;
    let free = this.slots - this.active.size;
    if (free <= 0) {
      return;
    }
    const probes = await this.lanes.claimProbes(
      this.owner,
      leaseMs,
      Math.min(free, MAX_PROBES_PER_CLAIM),
      (s) => this.breaker.beginProbe(s),
    );
    for (const lane of probes) {
      this.run(lane, true);
    }
    free -= probes.length;
    if (free > 0) {
      for (const lane of await this.lanes.claim(
        this.owner,
        leaseMs,
        free,
        this.config.delivery.concurrencyPerApp,
        [...this.active.keys()],
      )) {
        this.run(lane, false);
      }
    }
  }

  private run(lane: LaneKey, probe: boolean): void {
    const key = `${lane.app_id}/${lane.repository_id}`;
    if (this.active.has(key)) {
      return; // still draining here after its lease lapsed; the lease is ours again, the running drain goes on
    }
    const job = (async () => {
      let retryAt: Date | null = new Date(Date.now() + 5000);
      try {
        retryAt = await this.worker.drain({
          lane,
          owner: this.owner,
          probe,
          stopping: () => this.stopping,
          onRecovered: () => this.kick(),
        });
      } catch (e) {
        this.logger.error(`lane ${key} failed: ${(e as Error).message}`);
      } finally {
        await this.lanes.release(lane, this.owner, retryAt).catch(() => undefined);
        this.active.delete(key);
        this.kick();
      }
    })();
    this.active.set(key, job);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.pollTimer);
    clearInterval(this.renewTimer);
    await this.claiming;
    // In-flight requests finish (or time out) and their lanes are released for whoever runs next.
    await Promise.allSettled([...this.active.values()]);
  }
}
