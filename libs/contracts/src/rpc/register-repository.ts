import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const GITHUB_TOKEN_PATTERN =
  /^((ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{1,250}|github_pat_[A-Za-z0-9_]{1,240}|[0-9a-f]{40})$/;
const GITHUB_TOKEN_MESSAGE = 'Must be a valid GitHub token (starts with ghp_ or github_pat_)';

/** Body of POST /api/repositories (v1 fields plus branch and path filters). */
export class RegisterRepositoryBody {
  @IsString({ message: 'Must be a valid GitHub repository URL (https://github.com/owner/repo)' })
  @MaxLength(2048)
  github_url: string;

  @IsOptional()
  @IsString({ message: GITHUB_TOKEN_MESSAGE })
  @Matches(GITHUB_TOKEN_PATTERN, { message: GITHUB_TOKEN_MESSAGE })
  github_token?: string;

  /** Git branch names: no control characters, spaces, `..`, `~^:?*[\` (git check-ref-format). */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  // eslint-disable-next-line no-control-regex -- git refuses control characters in ref names
  @Matches(/^(?!\/|.*\/\/|.*\.\.|.*@\{|.*\.lock$|.*\/$)[^\x00-\x20~^:?*[\\\x7f]+$/, {
    message: 'Invalid branch name',
  })
  branch?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  include?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(1024, { each: true })
  exclude?: string[];
}

export interface RegisterRepositoryRequest extends RegisterRepositoryBody {
  app_id: string;
}

/** v1's 201 body plus branch and filters. */
export interface RepositoryRegistration {
  repository_id: string;
  github_url: string;
  owner: string;
  name: string;
  is_private: boolean;
  created_at: string;
  branch: string;
  include: string[];
  exclude: string[];
}
