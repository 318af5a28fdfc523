import { Injectable } from '@nestjs/common';
import {
  AppError,
  DeliveryFailedEvent,
  DeliveryRequeuedEvent,
  ErrorCode,
  SubscriptionRef,
  Subjects,
  UpdateTokenRequest,
} from '@lib/contracts';
import { DeliveriesReader } from '@lib/database';
import { SubscriptionStatus } from '@lib/entities';
import { EventBus } from '@lib/messaging';
import { SecretCipher } from '@lib/signing';
import { GithubClient } from '../repositories/github.client';
import { RepositoriesRepository } from '../repositories/repositories.repository';
import { ScanQueue } from '../scheduler/scan-queue';
import { SubscriptionsRepository } from './subscriptions.repository';

const NOT_REGISTERED = 'Repository not found or not registered for this app';

@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly repositories: RepositoriesRepository,
    private readonly github: GithubClient,
    private readonly cipher: SecretCipher,
    private readonly scans: ScanQueue,
    private readonly events: EventBus,
    private readonly deliveries: DeliveriesReader,
  ) {}

  /** Unwatch (v1 semantics: the app's delivery history for the repository is forgotten; no webhook is sent). */
  async unwatch(ref: SubscriptionRef): Promise<{ unwatched: true }> {
    const removed = await this.subscriptions.remove(ref.app_id, ref.repository_id);
    if (!removed) {
      throw new AppError(ErrorCode.NotFound, NOT_REGISTERED);
    }
    await this.events.publish(Subjects.SubscriptionRemoved, {
      app_id: ref.app_id,
      repository_id: ref.repository_id,
      branch: removed.branch,
      repository_removed: removed.repositoryRemoved,
    });
    return { unwatched: true };
  }

  /** New GitHub token: validated first (422 as v1), then the circuit closes and a check runs; history is kept. */
  async updateToken(req: UpdateTokenRequest): Promise<{ message: string }> {
    const sub = await this.subscriptions.find(req.app_id, req.repository_id);
    if (!sub) {
      throw new AppError(ErrorCode.NotFound, NOT_REGISTERED);
    }
    const repo = await this.repositories.repository(req.repository_id);
    if (!repo) {
      throw new AppError(ErrorCode.NotFound, 'Repository not found');
    }
    try {
      await this.github.getRepository({ owner: repo.owner, name: repo.name }, req.github_token);
    } catch (e) {
      throw e instanceof AppError ? new AppError(ErrorCode.Unprocessable, e.message) : e;
    }
    await this.subscriptions.updateToken(
      req.app_id,
      req.repository_id,
      this.cipher.encrypt(req.github_token),
    );
    await this.events.publish(Subjects.SubscriptionReset, {
      app_id: req.app_id,
      repository_id: req.repository_id,
      branch: sub.branch,
      mode: 'token',
    });
    await this.scans.enqueue(req.repository_id, sub.branch, 'manual');
    return { message: 'Token updated successfully' };
  }

  async syncNow(ref: SubscriptionRef): Promise<{ message: string; repository_id: string }> {
    const sub = await this.subscriptions.find(ref.app_id, ref.repository_id);
    if (!sub) {
      throw new AppError(ErrorCode.NotFound, NOT_REGISTERED);
    }
    if (sub.status === SubscriptionStatus.Failed) {
      // The app asking for a sync is the app retrying: failed deliveries go back in the queue.
      await this.subscriptions.resetStatus(ref.app_id, ref.repository_id);
      await this.events.publish(Subjects.SubscriptionReset, { ...ref, branch: sub.branch, mode: 'retry' });
    }
    await this.scans.enqueue(ref.repository_id, sub.branch, 'manual');
    return { message: 'Sync queued', repository_id: ref.repository_id };
  }

  /**
   * Failed unless the delivery was redelivered meanwhile. The two delivery events are consumed independently, so
   * each acts on the notifier's state as it is now, not on the order in which they arrive.
   */
  async onDeliveryFailed(e: DeliveryFailedEvent): Promise<void> {
    if (await this.deliveries.blocksLane(e.delivery_id)) {
      await this.subscriptions.markFailed(e.app_id, e.repository_id, e.attempts, e.error);
    }
  }

  /** The delivery that failed the subscription was redelivered: no longer failed, unless its lane is blocked again. */
  async onDeliveryRequeued(e: DeliveryRequeuedEvent): Promise<void> {
    if (!(await this.deliveries.laneBlocked(e.app_id, e.repository_id))) {
      await this.subscriptions.clearFailed(e.app_id, e.repository_id);
    }
  }
}
