import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DeliveriesRepository, LaneKey } from '../deliveries/deliveries.repository';
import { LaneWorker } from './lane-worker';

const MAX_PARALLEL_LANES = 32;
const POLL_MS = 1000;

/**
 * Runs delivery lanes: leases due lanes (disjoint across replicas), drains each in order, renews leases while
 * alive. Parallel across lanes, so one slow endpoint holds only its own lanes.
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
    private readonly deliveries: DeliveriesRepository,
    private readonly worker: LaneWorker,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.pollTimer = setInterval(() => this.kick(), POLL_MS);
    this.renewTimer = setInterval(
      () => {
        if (this.active.size) {
          void this.deliveries.renewLeases(this.owner, this.config.delivery.leaseMs).catch(() => undefined);
        }
      },
      Math.max(250, Math.floor(this.config.delivery.leaseMs / 3)),
    );
    this.kick();
  }

  /** Look for due lanes now (new deliveries were ingested, or the poll timer fired). */
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
    const free = MAX_PARALLEL_LANES - this.active.size;
    if (free <= 0) {
      return;
    }
    const lanes = await this.deliveries.claimLanes(this.owner, this.config.delivery.leaseMs, free, [
      ...this.active.keys(),
    ]);
    for (const lane of lanes) {
      this.run(lane);
    }
  }

  private run(lane: LaneKey): void {
    const key = `${lane.app_id}/${lane.repository_id}`;
    const job = (async () => {
      let retryAt: Date | null = new Date(Date.now() + 5000);
      try {
        retryAt = await this.worker.drain(lane, this.owner, () => this.stopping);
      } catch (e) {
        this.logger.error(`lane ${key} failed: ${(e as Error).message}`);
      } finally {
        await this.deliveries.releaseLane(lane, this.owner, retryAt).catch(() => undefined);
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
