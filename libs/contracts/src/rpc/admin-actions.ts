import { IsString, Matches } from 'class-validator';
import { REPOSITORY_ID_PATTERN } from './subscription-procedures';

/** Body of POST /admin/api/retry and /admin/api/resync (v1). */
export class SubscriptionActionBody {
  @IsString({ message: 'app_id and repository_id are required' })
  @Matches(/^app_[0-9a-f]{24}$/, { message: 'app_id and repository_id are required' })
  app_id: string;

  @IsString({ message: 'app_id and repository_id are required' })
  @Matches(REPOSITORY_ID_PATTERN, { message: 'app_id and repository_id are required' })
  repository_id: string;
}

export interface DeleteAppResult {
  deleted: true;
  repositories_unlinked: number;
  orphaned_repositories_cleaned: number;
}

export const AdminActionProcedures = {
  DeleteApp: 'registry.admin.apps.delete.v1',
  Retry: 'registry.admin.subscriptions.retry.v1',
  Resync: 'registry.admin.subscriptions.resync.v1',
} as const;

export interface AdminActionProcedureMap {
  [AdminActionProcedures.DeleteApp]: { request: { app_id: string }; response: DeleteAppResult };
  [AdminActionProcedures.Retry]: {
    request: SubscriptionActionBody;
    response: { message: string; job_id: string };
  };
  [AdminActionProcedures.Resync]: {
    request: SubscriptionActionBody;
    response: { message: string; job_id: string };
  };
}
