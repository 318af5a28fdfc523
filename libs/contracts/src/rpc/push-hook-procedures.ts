import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/**
 * Inbound push hooks (SPEC §5). The gateway verifies a provider's signature and reads the payload; the registry
 * decides whether the push concerns a watched repository branch and, if so, queues an immediate check.
 */
export const PUSH_HOOK_PROVIDERS = ['github', 'gitea', 'gitlab'] as const;
export type PushHookProvider = (typeof PUSH_HOOK_PROVIDERS)[number];

/** What the gateway read from a verified push payload. Carries no secret and no signature. */
export class PushHookRequest {
  @IsIn(PUSH_HOOK_PROVIDERS)
  provider: PushHookProvider;

  /** `owner/name` (GitLab: `path_with_namespace`) as the provider spells it; matched case-insensitively. */
  @IsString()
  @MaxLength(511)
  // eslint-disable-next-line no-control-regex -- a repository path never holds control characters
  @Matches(/^[^\x00-\x1f\x7f]+$/, { message: 'Invalid repository name' })
  full_name: string;

  /** The repository's web address from the payload, when it has one (GitHub's is checked against GITHUB_URL). */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  repository_url?: string;

  /** Short branch name (`refs/heads/` stripped). */
  @IsString()
  @MaxLength(255)
  // eslint-disable-next-line no-control-regex -- git refuses control characters in ref names
  @Matches(/^[^\x00-\x20\x7f]+$/, { message: 'Invalid branch name' })
  branch: string;

  /** The push deleted the branch; the check then records the branch as gone (scanner's business). */
  @IsBoolean()
  deleted: boolean;

  /** The provider's delivery id, reused as the check's correlation id so logs can be matched to the delivery. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'Invalid delivery id' })
  delivery_id?: string;
}

/** The registry's answers, shared with the gateway's API documentation. */
export const PushHookMessages = {
  Queued: 'Check queued',
  OtherHost: 'Repository is not hosted at GITHUB_URL',
  UnknownRepository: 'Repository is not watched',
  UnwatchedBranch: 'Branch is not watched',
} as const;

export type PushHookResult =
  | { result: 'queued'; message: string; repository_id: string; branch: string }
  | { result: 'ignored'; message: string };

export const PushHookProcedures = {
  PushReceived: 'registry.hooks.push.v1',
} as const;

export interface PushHookProcedureMap {
  [PushHookProcedures.PushReceived]: { request: PushHookRequest; response: PushHookResult };
}
