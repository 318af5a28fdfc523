import { Injectable } from '@nestjs/common';
import {
  FAILED_SORT_FIELDS,
  FailedNotificationRow,
  FailedNotificationsReader,
  FailedSortField,
} from '@lib/database';
import { ListQuerySpec, Page, parseListQuery, toPage } from './list-query';

/** v1 `FailedNotification`; `timestamp` is when the subscription failed (v1 showed its last successful sync). */
export interface FailedNotification {
  app_id: string;
  app_name: string;
  repository_id: string;
  /** `owner/name`. */
  repository_name: string;
  github_url: string;
  error_message: string;
  timestamp: string;
  retry_count: number;
}

export const FAILED_LIST_SPEC: ListQuerySpec<FailedSortField> = {
  sortFields: FAILED_SORT_FIELDS,
  defaultSort: 'last_scanned_at',
  defaultOrder: 'desc',
};

export function toFailedNotification(r: FailedNotificationRow): FailedNotification {
  return {
    app_id: r.app_id,
    app_name: r.app_name,
    repository_id: r.repository_id,
    repository_name: `${r.owner}/${r.name}`,
    github_url: r.github_url,
    error_message: r.error_message,
    timestamp: new Date(r.failed_at).toISOString(),
    retry_count: r.retry_count,
  };
}

/** GET /admin/api/notifications/failed: one row per subscription whose status is failed. */
@Injectable()
export class AdminFailedNotificationsService {
  constructor(private readonly reader: FailedNotificationsReader) {}

  async list(raw: Record<string, unknown>): Promise<Page<FailedNotification>> {
    const q = parseListQuery(raw, FAILED_LIST_SPEC);
    const { rows, total } = await this.reader.list(q);
    return toPage(rows.map(toFailedNotification), total, q);
  }
}
