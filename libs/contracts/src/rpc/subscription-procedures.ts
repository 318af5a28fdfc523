import { IsString, Matches } from 'class-validator';
import { GITHUB_TOKEN_PATTERN } from './register-repository';

export const REPOSITORY_ID_PATTERN = /^repo_[0-9a-f]{24}$/;

/** Body of PATCH /api/repositories/:repository_id/token (v1). */
export class UpdateTokenBody {
  @IsString({ message: 'Must be a valid GitHub token (starts with ghp_ or github_pat_)' })
  @Matches(GITHUB_TOKEN_PATTERN, {
    message: 'Must be a valid GitHub token (starts with ghp_ or github_pat_)',
  })
  github_token: string;
}

export interface SubscriptionRef {
  app_id: string;
  repository_id: string;
}

export interface UpdateTokenRequest extends SubscriptionRef {
  github_token: string;
}

export const SubscriptionProcedures = {
  Unwatch: 'registry.repositories.unwatch.v1',
  UpdateToken: 'registry.repositories.token.v1',
  SyncNow: 'registry.repositories.sync.v1',
} as const;

export interface SubscriptionProcedureMap {
  [SubscriptionProcedures.Unwatch]: { request: SubscriptionRef; response: { unwatched: true } };
  [SubscriptionProcedures.UpdateToken]: { request: UpdateTokenRequest; response: { message: string } };
  [SubscriptionProcedures.SyncNow]: {
    request: SubscriptionRef;
    response: { message: string; repository_id: string };
  };
}
