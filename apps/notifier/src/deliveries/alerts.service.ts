import { Injectable } from '@nestjs/common';
import { CircuitOpenedEvent } from '@lib/contracts';
import { SubscriptionsReader } from '@lib/database';
import { createHash } from 'node:crypto';
import { buildSyncFailedBody } from '../payloads';
import { DeliveriesRepository } from './deliveries.repository';

/** Deterministic: the same opening for the same app always yields the same delivery (exactly-once queuing). */
function alertId(e: CircuitOpenedEvent, appId: string): string {
  const h = createHash('sha256')
    .update(`${e.repository_id}\n${e.branch}\n${e.opened_at}\n${appId}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * circuit.opened → one `sync_failed` per watching app, queued in that app's ordered lane for the repository and
 * sent through the same durable, retried path as file webhooks (v1 was fire-and-forget).
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly subscriptions: SubscriptionsReader,
    private readonly deliveries: DeliveriesRepository,
  ) {}

  async onCircuitOpened(e: CircuitOpenedEvent): Promise<number> {
    const repo = await this.subscriptions.repository(e.repository_id);
    if (!repo) {
      return 0;
    }
    const watchers = await this.subscriptions.forBranch(e.repository_id, e.branch);
    for (const sub of watchers) {
      const payload = buildSyncFailedBody({
        repository: {
          repository_id: repo.repository_id,
          github_url: repo.github_url,
          owner: repo.owner,
          name: repo.name,
        },
        message: e.error_message,
        consecutiveFailures: e.consecutive_failures,
        threshold: e.threshold,
        cooldownUntil: e.cooldown_until,
        retryCount: e.consecutive_failures,
        timestamp: e.opened_at,
      });
      await this.deliveries.enqueueAlert(
        { app_id: sub.app_id, repository_id: e.repository_id },
        alertId(e, sub.app_id),
        payload,
      );
    }
    return watchers.length;
  }
}
