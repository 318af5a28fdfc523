import { ErrorCode } from '@lib/contracts';
import { EXAMPLE, EXAMPLE_REGISTRATION, EXAMPLE_SUBSCRIPTION } from './openapi.examples';
import {
  errorResponse,
  ErrorExample,
  limitedOk,
  MALFORMED_JSON,
  shared,
  validationExample,
} from './openapi.responses';
import { REPOSITORY_ID } from './openapi.schemas';
import { json, ParameterObject, PathItemObject, ref, SecurityRequirement } from './openapi.types';

const BEARER: SecurityRequirement[] = [{ bearerAuth: [] }];
const PUBLIC: SecurityRequirement[] = [];
const TAG_REPOSITORIES = 'Repositories';
const TAG_HEALTH = 'Health';

const NOT_REGISTERED: ErrorExample = {
  code: ErrorCode.NotFound,
  error: 'Repository not found or not registered for this app',
};
const BAD_ID = validationExample('params/repository_id Invalid repository ID format');
const GITHUB_REFUSALS = {
  notFound: { code: ErrorCode.RepositoryNotFound, error: 'Repository not found or not accessible' },
  badToken: { code: ErrorCode.InvalidGithubToken, error: 'Invalid GitHub token' },
  unreachable: { code: ErrorCode.GithubValidationFailed, error: 'Failed to validate repository' },
} satisfies Record<string, ErrorExample>;

export const PUBLIC_PARAMETERS: Record<string, ParameterObject> = {
  RepositoryId: {
    name: 'repository_id',
    in: 'path',
    required: true,
    description: 'From the registration answer; a malformed id is a 400 before anything is looked up.',
    schema: REPOSITORY_ID,
  },
  Page: {
    name: 'page',
    in: 'query',
    description: 'Page number, from 1.',
    schema: { type: 'integer', minimum: 1, default: 1 },
  },
  Limit: {
    name: 'limit',
    in: 'query',
    description: 'Page size; any other value means 20.',
    schema: { type: 'integer', enum: [5, 10, 20, 50, 100], default: 20 },
  },
};

/** Answers every authenticated `/api/*` route can give. */
const API_COMMON = shared({ '401': 'Unauthorized', '429': 'TooManyRequests', '500': 'InternalError' });
/** Routes with a JSON body are checked for its size and type before anything else. */
const BODY_COMMON = shared({ '413': 'PayloadTooLarge', '415': 'UnsupportedMediaType' });
/** Routes that ask the registry over NATS request/reply. */
const RPC_COMMON = shared({ '503': 'ServiceUnavailable' });

export const PUBLIC_PATHS: Record<string, PathItemObject> = {
  '/api/repositories': {
    post: {
      tags: [TAG_REPOSITORIES],
      operationId: 'registerRepository',
      summary: 'Register (or re-register) a repository',
      description:
        'Validates the repository against the GitHub API (with `github_token` if given) and subscribes the ' +
        "calling app to one branch of it. The app first receives the branch's files as `create` webhooks. " +
        'Registering again updates branch, filters and token in place: the app keeps what it has and ' +
        'receives only the difference.',
      security: BEARER,
      requestBody: {
        required: true,
        content: json(ref('schemas', 'RegisterRepositoryRequest')),
      },
      responses: {
        '201': limitedOk(
          'Registered; the first snapshot is queued.',
          ref('schemas', 'RepositoryRegistration'),
          EXAMPLE_REGISTRATION,
        ),
        '400': errorResponse('Invalid body.', {
          badUrl: validationExample(
            'body/github_url Must be a valid GitHub repository URL (https://github.com/owner/repo)',
          ),
          badToken: validationExample(
            'body/github_token Must be a valid GitHub token (starts with ghp_ or github_pat_)',
          ),
          unknownField: validationExample('body/webhook property webhook should not exist'),
          badGlob: {
            code: ErrorCode.ValidationFailed,
            error: 'body/include Invalid glob pattern "../secrets"',
            details: ['body/include Invalid glob pattern'],
          },
          malformed: MALFORMED_JSON,
        }),
        '404': errorResponse(
          'GitHub refused or could not confirm the repository (v1: all three are 404).',
          GITHUB_REFUSALS,
        ),
        ...API_COMMON,
        ...BODY_COMMON,
        ...RPC_COMMON,
      },
    },
    get: {
      tags: [TAG_REPOSITORIES],
      operationId: 'listRepositories',
      summary: "The caller's subscriptions, with status",
      security: BEARER,
      parameters: [ref('parameters', 'Page'), ref('parameters', 'Limit')],
      responses: {
        '200': limitedOk('One page of subscriptions.', ref('schemas', 'SubscriptionPage'), {
          data: {
            data: [EXAMPLE_SUBSCRIPTION],
            pagination: { page: 1, limit: 20, total: 1, total_pages: 1 },
          },
        }),
        '400': errorResponse('Invalid page.', {
          badPage: { code: ErrorCode.ValidationFailed, error: 'Invalid page: 0' },
        }),
        ...API_COMMON,
      },
    },
  },
  '/api/repositories/{repository_id}': {
    parameters: [ref('parameters', 'RepositoryId')],
    get: {
      tags: [TAG_REPOSITORIES],
      operationId: 'getRepository',
      summary: 'One subscription',
      security: BEARER,
      responses: {
        '200': limitedOk('The subscription.', ref('schemas', 'SubscriptionData'), {
          data: EXAMPLE_SUBSCRIPTION,
        }),
        '400': errorResponse('Malformed repository id.', { badId: BAD_ID }),
        '404': errorResponse('The caller does not watch this repository.', { notRegistered: NOT_REGISTERED }),
        ...API_COMMON,
      },
    },
    delete: {
      tags: [TAG_REPOSITORIES],
      operationId: 'unwatchRepository',
      summary: 'Stop watching a repository',
      description:
        "The app's delivery history for the repository is forgotten (registering again starts with a full " +
        'snapshot). A repository nobody watches any more is deleted with its listing and git cache. No webhook ' +
        'is sent.',
      security: BEARER,
      responses: {
        '204': limitedOk('Unwatched; empty body.'),
        '400': errorResponse('Malformed repository id.', { badId: BAD_ID }),
        '404': errorResponse('The caller does not watch this repository.', { notRegistered: NOT_REGISTERED }),
        ...API_COMMON,
        ...RPC_COMMON,
      },
    },
  },
  '/api/repositories/{repository_id}/token': {
    parameters: [ref('parameters', 'RepositoryId')],
    patch: {
      tags: [TAG_REPOSITORIES],
      operationId: 'updateRepositoryToken',
      summary: 'Replace the GitHub token of a subscription',
      description:
        "Validated against GitHub first. On success the repository's git circuit closes and a check runs " +
        'now; delivery history is kept, so only differences are sent.',
      security: BEARER,
      requestBody: { required: true, content: json(ref('schemas', 'UpdateTokenRequest')) },
      responses: {
        '200': limitedOk('Token replaced.', ref('schemas', 'Message'), {
          message: 'Token updated successfully',
        }),
        '400': errorResponse('Malformed repository id or token.', {
          badId: BAD_ID,
          badToken: validationExample(
            'body/github_token Must be a valid GitHub token (starts with ghp_ or github_pat_)',
          ),
          malformed: MALFORMED_JSON,
        }),
        '404': errorResponse('The caller does not watch this repository.', {
          notRegistered: NOT_REGISTERED,
          repositoryGone: { code: ErrorCode.NotFound, error: 'Repository not found' },
        }),
        '422': errorResponse(
          'GitHub rejected the new token (the same three messages as registration).',
          Object.fromEntries(
            Object.entries(GITHUB_REFUSALS).map(([name, e]) => [
              name,
              { code: ErrorCode.Unprocessable, error: e.error },
            ]),
          ),
        ),
        ...API_COMMON,
        ...BODY_COMMON,
        ...RPC_COMMON,
      },
    },
  },
  '/api/repositories/{repository_id}/sync': {
    parameters: [ref('parameters', 'RepositoryId')],
    post: {
      tags: [TAG_REPOSITORIES],
      operationId: 'syncRepository',
      summary: 'Check the repository now',
      description:
        'Queues a check ahead of the scheduled ones. On a `failed` subscription this is also the retry: its ' +
        'failed deliveries go back in the queue. No body.',
      security: BEARER,
      responses: {
        '202': limitedOk('Queued.', ref('schemas', 'SyncQueued'), {
          message: 'Sync queued',
          repository_id: EXAMPLE.repositoryId,
        }),
        '400': errorResponse('Malformed repository id.', { badId: BAD_ID }),
        '404': errorResponse('The caller does not watch this repository.', { notRegistered: NOT_REGISTERED }),
        ...API_COMMON,
        ...RPC_COMMON,
      },
    },
  },
  '/health': {
    get: {
      tags: [TAG_HEALTH],
      operationId: 'health',
      summary: 'Process information (v1 shape; no dependency checks; never rate limited)',
      security: PUBLIC,
      responses: { '200': { description: 'Up.', content: json(ref('schemas', 'HealthInfo')) } },
    },
  },
  '/health/live': {
    get: {
      tags: [TAG_HEALTH],
      operationId: 'liveness',
      summary: 'Liveness probe: the process alone',
      security: PUBLIC,
      responses: { '200': { description: 'Alive.', content: json(ref('schemas', 'Liveness')) } },
    },
  },
  '/health/ready': {
    get: {
      tags: [TAG_HEALTH],
      operationId: 'readiness',
      summary: 'Readiness probe: PostgreSQL, Redis and NATS',
      security: PUBLIC,
      responses: {
        '200': { description: 'Every dependency answers.', content: json(ref('schemas', 'Readiness')) },
        // Terminus throws a 503; the error filter keeps 5xx bodies free of internals, so no per-check detail.
        '503': errorResponse('A dependency is down (the logs say which).', {
          notReady: { code: ErrorCode.Internal, error: 'Internal server error' },
        }),
      },
    },
  },
  '/version': {
    get: {
      tags: [TAG_HEALTH],
      operationId: 'version',
      summary: 'Build information (never rate limited)',
      security: PUBLIC,
      responses: {
        '200': { description: 'Build information.', content: json(ref('schemas', 'VersionInfo')) },
      },
    },
  },
};
