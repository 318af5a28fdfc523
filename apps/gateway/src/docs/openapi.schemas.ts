import { ErrorCode, GITHUB_TOKEN_PATTERN, REPOSITORY_ID_PATTERN } from '@lib/contracts';
import { SubscriptionStatus } from '@lib/entities';
import { EXAMPLE, EXAMPLE_REGISTRATION, EXAMPLE_SUBSCRIPTION } from './openapi.examples';
import { ref, SchemaObject, SchemaOrRef } from './openapi.types';

// Patterns and enums come from the code that enforces them, so the document cannot drift from the validation.
export const REPOSITORY_ID: SchemaObject = {
  type: 'string',
  pattern: REPOSITORY_ID_PATTERN.source,
  example: EXAMPLE.repositoryId,
};
export const APP_ID: SchemaObject = { type: 'string', pattern: '^app_[0-9a-f]{24}$', example: EXAMPLE.appId };
const GITHUB_TOKEN: SchemaObject = {
  type: 'string',
  pattern: GITHUB_TOKEN_PATTERN.source,
  description: 'A GitHub token (`ghp_…`, `github_pat_…`, …); stored encrypted, never returned.',
  example: EXAMPLE.githubToken,
};
const DATE_TIME: SchemaObject = { type: 'string', format: 'date-time', example: EXAMPLE.timestamp };
const GLOBS: SchemaObject = {
  type: 'array',
  maxItems: 100,
  items: { type: 'string', maxLength: 1024 },
  description: 'Glob patterns over repository paths (picomatch syntax).',
};

/** `{data: {data: [...], pagination}}`: the list envelope of v1's admin lists, public and admin alike. */
export function pageOf(item: SchemaOrRef): SchemaObject {
  return {
    type: 'object',
    required: ['data'],
    properties: {
      data: {
        type: 'object',
        required: ['data', 'pagination'],
        properties: { data: { type: 'array', items: item }, pagination: ref('schemas', 'Pagination') },
      },
    },
  };
}

/** `{data: <item>}`: the envelope of single objects on `/api/*` reads and on the admin API. */
export function dataOf(item: SchemaOrRef): SchemaObject {
  return { type: 'object', required: ['data'], properties: { data: item } };
}

export const PUBLIC_SCHEMAS: Record<string, SchemaObject> = {
  Error: {
    type: 'object',
    description:
      'The one error shape of every route, unknown routes, rate limits and crashes included. 5xx never carry ' +
      'internal messages.',
    required: ['error', 'code'],
    additionalProperties: false,
    properties: {
      error: { type: 'string', description: 'Human-readable message.' },
      code: { type: 'string', enum: Object.values(ErrorCode), description: 'Machine-readable code.' },
      details: {
        type: 'array',
        items: { type: 'string' },
        description: 'Validation errors only: one entry per problem, `<location>/<field> <message>`.',
      },
    },
    example: { error: 'Repository not found or not registered for this app', code: ErrorCode.NotFound },
  },
  Pagination: {
    type: 'object',
    required: ['page', 'limit', 'total', 'total_pages'],
    properties: {
      page: { type: 'integer', minimum: 1 },
      limit: { type: 'integer', enum: [5, 10, 20, 50, 100] },
      total: { type: 'integer', minimum: 0 },
      total_pages: { type: 'integer', minimum: 1, description: '1 for an empty list.' },
    },
    example: { page: 1, limit: 20, total: 1, total_pages: 1 },
  },
  RegisterRepositoryRequest: {
    type: 'object',
    required: ['github_url'],
    additionalProperties: false,
    properties: {
      github_url: {
        type: 'string',
        maxLength: 2048,
        description:
          '`<GITHUB_URL>/<owner>/<name>`, with or without `.git` or a trailing slash; dotted names allowed. ' +
          'Owner and name are case-insensitive.',
        example: EXAMPLE.githubUrl,
      },
      github_token: { ...GITHUB_TOKEN, description: 'Optional: needed for private repositories.' },
      branch: {
        type: 'string',
        maxLength: 255,
        description: "Branch to watch (a valid git ref name); default: the repository's default branch.",
        example: 'main',
      },
      include: { ...GLOBS, description: 'Only paths matching one of these are delivered (default: all).' },
      exclude: { ...GLOBS, description: 'Paths matching one of these are never delivered.' },
    },
    example: {
      github_url: EXAMPLE.githubUrl,
      branch: 'main',
      include: ['docs/**'],
      exclude: ['docs/drafts/**'],
    },
  },
  RepositoryRegistration: {
    type: 'object',
    required: [
      'repository_id',
      'github_url',
      'owner',
      'name',
      'is_private',
      'created_at',
      'branch',
      'include',
      'exclude',
    ],
    properties: {
      repository_id: REPOSITORY_ID,
      github_url: { type: 'string', description: 'Canonical URL, spelled as GitHub spells the repository.' },
      owner: { type: 'string' },
      name: { type: 'string' },
      is_private: { type: 'boolean' },
      created_at: {
        ...DATE_TIME,
        description: 'When Docora first saw the repository (may predate this call).',
      },
      branch: { type: 'string' },
      include: { type: 'array', items: { type: 'string' } },
      exclude: { type: 'array', items: { type: 'string' } },
    },
    example: EXAMPLE_REGISTRATION,
  },
  Subscription: {
    type: 'object',
    description: "The caller's subscription to one repository branch; the status is derived at read time.",
    required: Object.keys(EXAMPLE_SUBSCRIPTION),
    properties: {
      repository_id: REPOSITORY_ID,
      github_url: { type: 'string' },
      owner: { type: 'string' },
      name: { type: 'string' },
      branch: { type: 'string' },
      include: { type: 'array', items: { type: 'string' } },
      exclude: { type: 'array', items: { type: 'string' } },
      status: {
        type: 'string',
        enum: Object.values(SubscriptionStatus),
        description:
          '`pending_snapshot`: nothing planned yet; `scanning`: the branch moved past what the app has, or ' +
          'deliveries are in flight; `synced`: the app holds the branch head; `failed`: a delivery exhausted ' +
          "its retries, or the repository's git circuit is open.",
      },
      retry_count: { type: 'integer', minimum: 0 },
      last_error: { type: 'string', nullable: true },
      last_scanned_at: { ...DATE_TIME, nullable: true },
      last_delivered_commit: { type: 'string', nullable: true, description: 'Last commit fully delivered.' },
      head_commit: { type: 'string', nullable: true, description: 'Branch head as last scanned.' },
      circuit_state: { type: 'string', enum: ['open', 'closed'] },
      skipped_files: {
        type: 'array',
        description:
          'Files within the filters that Docora does not deliver: `too_large` (above MAX_FILE_SIZE_BYTES). ' +
          'At most 100, by path; a file leaves the list when it shrinks or is deleted.',
        items: {
          type: 'object',
          required: ['path', 'size', 'reason'],
          properties: {
            path: { type: 'string' },
            size: { type: 'integer', minimum: 0 },
            reason: { type: 'string', enum: ['too_large'] },
          },
        },
      },
      created_at: DATE_TIME,
    },
    example: EXAMPLE_SUBSCRIPTION,
  },
  SubscriptionPage: pageOf(ref('schemas', 'Subscription')),
  SubscriptionData: dataOf(ref('schemas', 'Subscription')),
  UpdateTokenRequest: {
    type: 'object',
    required: ['github_token'],
    additionalProperties: false,
    properties: { github_token: GITHUB_TOKEN },
    example: { github_token: EXAMPLE.githubToken },
  },
  Message: {
    type: 'object',
    required: ['message'],
    properties: { message: { type: 'string' } },
    example: { message: 'Token updated successfully' },
  },
  SyncQueued: {
    type: 'object',
    required: ['message', 'repository_id'],
    properties: { message: { type: 'string', enum: ['Sync queued'] }, repository_id: REPOSITORY_ID },
    example: { message: 'Sync queued', repository_id: EXAMPLE.repositoryId },
  },
  HealthInfo: {
    type: 'object',
    required: ['timestamp', 'uptime'],
    properties: {
      timestamp: DATE_TIME,
      uptime: { type: 'number', description: 'Seconds since the process started.' },
    },
    example: { timestamp: EXAMPLE.timestamp, uptime: 3600.25 },
  },
  Liveness: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['ok'] } },
    example: { status: 'ok' },
  },
  IndicatorStatus: {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
  },
  Readiness: {
    type: 'object',
    description: 'Terminus health check result: PostgreSQL (`database`), `redis` and `nats`.',
    required: ['status', 'info', 'error', 'details'],
    properties: {
      status: { type: 'string', enum: ['ok'] },
      info: { type: 'object', additionalProperties: ref('schemas', 'IndicatorStatus') },
      error: { type: 'object', additionalProperties: ref('schemas', 'IndicatorStatus') },
      details: { type: 'object', additionalProperties: ref('schemas', 'IndicatorStatus') },
    },
    example: {
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' }, nats: { status: 'up' } },
      error: {},
      details: { database: { status: 'up' }, redis: { status: 'up' }, nats: { status: 'up' } },
    },
  },
  VersionInfo: {
    type: 'object',
    required: ['version', 'buildNumber', 'gitSha', 'buildDate'],
    properties: {
      version: { type: 'string', description: "package.json's version." },
      buildNumber: { type: 'string', description: '`BUILD_NUMBER`, default `dev`.' },
      gitSha: { type: 'string', description: '`COMMIT_SHA`, default `local`.' },
      buildDate: { type: 'string', description: '`BUILD_DATE`, default the process start time.' },
    },
    example: { version: '2.0.0', buildNumber: '412', gitSha: 'a1b2c3d', buildDate: EXAMPLE.timestamp },
  },
};
