import { Injectable, Logger } from '@nestjs/common';
import { ChangesDetectedEvent, RepoScannedEvent, Subjects } from '@lib/contracts';
import { pathFilter, sameFilter, ScansReader, SubscriptionsReader } from '@lib/database';
import { EventBus } from '@lib/messaging';

import { planChanges } from './plan-changes';
import { PlansRepository } from './plans.repository';

const SERIALIZATION_FAILURE = '40001';

/**
 * A scan's changed paths and their listing at the head it reached, shared by every app planned from that scan
 * (50 apps must not mean 50 reads of one scan). Both depend only on the scan: its changes are immutable, and the
 * listing is read in a transaction that saw the branch at the scan's head, so it is that commit's listing.
 */
interface ScanFacts {
  facts?: { candidates: string[]; listing: { path: string; blob_oid: string }[] };
}

/**
 * Turns a repository move into one change set per subscribed app: its filters applied, compared with what that
 * app will hold once everything already planned is delivered. Level-triggered: planning an app that is already
 * at the head is a no-op, so re-delivered events and reconciliation passes are harmless.
 */
@Injectable()
export class PlannerService {
  private readonly logger = new Logger('Diff');

  constructor(
    private readonly plans: PlansRepository,
    private readonly scans: ScansReader,
    private readonly subscriptions: SubscriptionsReader,
    private readonly events: EventBus,
  ) {}

  async onRepoScanned(event: RepoScannedEvent, correlationId: string): Promise<void> {
    const shared: ScanFacts = {};
    for (const sub of await this.subscriptions.forBranch(event.repository_id, event.branch)) {
      await this.planApp(sub.app_id, event.repository_id, correlationId, event, shared);
    }
  }

  forget(appId: string, repositoryId: string): Promise<void> {
    return this.plans.forget(appId, repositoryId);
  }

  /** Plans one (app, repository) up to the branch head; publishes changes.detected after the commit. */
  async planApp(
    appId: string,
    repositoryId: string,
    correlationId: string,
    hint?: RepoScannedEvent,
    shared: ScanFacts = {},
  ): Promise<string | null> {
    for (let attempt = 0; ; attempt++) {
      try {
        const id = await this.plans.transaction((em) => this.plan(em, appId, repositoryId, hint, shared));
        if (id) {
          const data: ChangesDetectedEvent = {
            change_set_id: id,
            app_id: appId,
            repository_id: repositoryId,
          };
          await this.events.publish(Subjects.ChangesDetected, data, correlationId);
        }
        return id;
      } catch (e) {
        if ((e as { code?: string }).code !== SERIALIZATION_FAILURE || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private async plan(
    em: Parameters<Parameters<PlansRepository['transaction']>[0]>[0],
    appId: string,
    repositoryId: string,
    hint: RepoScannedEvent | undefined,
    shared: ScanFacts,
  ): Promise<string | null> {
    const sub = await this.subscriptions.one(appId, repositoryId);
    if (!sub) {
      return null;
    } // unwatched meanwhile
    const cursor = await this.plans.lockCursor(em, appId, repositoryId, sub.branch);
    const head = await this.scans.head(repositoryId, sub.branch, em);
    if (!head?.commit_sha) {
      return null;
    } // never scanned yet
    const filter = { include: sub.include, exclude: sub.exclude };
    const sameScope = cursor.branch === sub.branch && sameFilter(cursor.filter, filter);
    if (cursor.planned_commit === head.commit_sha && sameScope) {
      return null;
    }

    const inScope = pathFilter(filter);
    // O(changed): the plan is exactly at this scan's base and the scan reached the head.
    const incremental =
      sameScope &&
      hint &&
      cursor.planned_commit !== null &&
      hint.from_commit === cursor.planned_commit &&
      hint.to_commit === head.commit_sha &&
      hint.branch === sub.branch;
    let candidates: string[];
    let planned: Map<string, string>;
    let listing: { path: string; blob_oid: string }[];
    if (incremental) {
      if (!shared.facts) {
        const changed = await this.scans.changedPaths(hint.scan_id, em);
        shared.facts = {
          candidates: changed,
          listing: await this.scans.listingFor(repositoryId, sub.branch, changed, em),
        };
      }
      ({ candidates, listing } = shared.facts);
      planned = await this.plans.planned(em, appId, repositoryId, candidates);
    } else {
      planned = await this.plans.planned(em, appId, repositoryId);
      listing = await this.scans.listing(repositoryId, sub.branch, em);
      candidates = [...planned.keys(), ...listing.map((f) => f.path)];
    }
    const desired = new Map(listing.filter((f) => inScope(f.path)).map((f) => [f.path, f.blob_oid]));
    const items = planChanges(candidates, planned, desired);
    const id = await this.plans.commitPlan(em, {
      appId,
      repositoryId,
      branch: sub.branch,
      fromCommit: cursor.planned_commit,
      toCommit: head.commit_sha,
      filter,
      items,
    });
    if (id) {
      this.logger.log(
        `${appId}/${repositoryId}: change set ${id} with ${items.length} item(s)${incremental ? '' : ' (full compare)'}`,
      );
    }
    return id;
  }
}
