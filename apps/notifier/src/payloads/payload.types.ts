/** The `repository` object of every webhook body; fields in v1's order (reference §4.3). */
export interface WebhookRepository {
  repository_id: string;
  github_url: string;
  owner: string;
  name: string;
}

export type FileEvent = 'create' | 'update' | 'delete';

/** The path segment appended to an app's base_url. */
export type WebhookEndpoint = FileEvent | 'sync_failed';

export type ContentKind = 'text' | 'binary';
