import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '@lib/contracts';
import {
  AdminReader,
  APP_SORT_FIELDS,
  AppSortField,
  AppSummaryRow,
  effectiveStatus,
  SubscriptionStatusReader,
} from '@lib/database';
import { SubscriptionStatus } from '@lib/entities';
import { isAppIdFormat } from '@lib/signing';
import { AdminQueueService } from './admin-queue.service';
import { AppDetail, AppSummary, OverviewMetrics, RepositorySummary } from './admin-read.dto';
import { ListQuery, ListQuerySpec, Page, parseListQuery, toPage } from './list-query';

export const APP_LIST_SPEC: ListQuerySpec<AppSortField> = {
  sortFields: APP_SORT_FIELDS,
  defaultSort: 'created_at',
  defaultOrder: 'desc',
};

function summary(r: AppSummaryRow): AppSummary {
  return {
    app_id: r.app_id,
    app_name: r.app_name,
    base_url: r.base_url,
    created_at: r.created_at.toISOString(),
    repository_count: r.repository_count,
    failed_notification_count: r.failed_notification_count,
  };
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The admin dashboard's read side: overview, apps list and app detail. */
@Injectable()
export class AdminReadService {
  constructor(
    private readonly reader: AdminReader,
    private readonly statuses: SubscriptionStatusReader,
    private readonly queue: AdminQueueService,
  ) {}

  async overview(): Promise<OverviewMetrics> {
    const [counts, queue] = await Promise.all([this.reader.overview(), this.queue.counts()]);
    return { ...counts, queue_waiting: queue.waiting, queue_active: queue.active };
  }

  async listApps(raw: Record<string, unknown>): Promise<Page<AppSummary>> {
    const q: ListQuery<AppSortField> = parseListQuery(raw, APP_LIST_SPEC);
    const { rows, total } = await this.reader.listApps(q);
    return toPage(rows.map(summary), total, q);
  }

  /**
   * A malformed id is answered like an unknown one (404 `App not found`, as v1, which had no format check): to
   * the caller both name no app, and the format check spares a query. The counts are derived from the listed
   * repositories' effective statuses, so the card and the table of one response always agree.
   */
  async appDetail(appId: string): Promise<AppDetail> {
    const app = isAppIdFormat(appId) ? await this.reader.appDetail(appId) : null;
    if (!app) {
      throw new AppError(ErrorCode.NotFound, 'App not found');
    }
    const facts = await this.statuses.forApp(appId);
    const repos = new Map(
      (await this.reader.repositories(facts.map((f) => f.repository_id))).map((r) => [r.repository_id, r]),
    );
    const now = new Date();
    const repositories: RepositorySummary[] = facts.flatMap((f) => {
      const repo = repos.get(f.repository_id);
      if (!repo) {
        return []; // unwatched between the two reads
      }
      const s = effectiveStatus(f, now);
      return [
        {
          repository_id: f.repository_id,
          github_url: repo.github_url,
          owner: repo.owner,
          name: repo.name,
          branch: f.branch,
          status: s.status,
          last_scanned_at: s.last_scanned_at ? new Date(s.last_scanned_at).toISOString() : null,
          circuit_open: s.circuit_open,
          retry_count: s.retry_count,
          last_error: s.last_error,
        },
      ];
    });
    return {
      ...summary({
        ...app,
        repository_count: repositories.length,
        failed_notification_count: repositories.filter((r) => r.status === SubscriptionStatus.Failed).length,
      }),
      email: app.email,
      website: app.website,
      description: app.description,
      snapshot_count: app.snapshot_count,
      delivery_count: app.delivery_count,
      deliveries: {
        paused: app.deliveries_paused,
        paused_reason: app.deliveries_paused_reason,
        paused_at: iso(app.deliveries_paused_at),
        queued_deliveries: app.queued_deliveries,
        endpoint_circuit: app.endpoint_open_until ? 'open' : 'closed',
        consecutive_failures: app.endpoint_consecutive_failures,
        circuit_open_until: iso(app.endpoint_open_until),
      },
      previous_key_expires_at: iso(app.previous_key_expires_at),
      repositories,
    };
  }
}
