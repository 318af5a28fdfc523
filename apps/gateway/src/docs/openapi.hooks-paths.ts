import { ErrorCode, PushHookMessages } from '@lib/contracts';
import { MAX_HOOK_BODY_BYTES } from '@lib/platform';
import { HookMessages } from '../hooks/hook-payload';
import { EXAMPLE } from './openapi.examples';
import { errorResponse, ErrorExample, limitedOk, shared, validationExample } from './openapi.responses';
import { REPOSITORY_ID } from './openapi.schemas';
import {
  OperationObject,
  ParameterObject,
  PathItemObject,
  ref,
  ResponseObject,
  SchemaObject,
} from './openapi.types';

export const TAG_PUSH_HOOKS = 'Push hooks';

const HEX_64 = '^[0-9a-f]{64}$';

export const HOOK_SCHEMAS: Record<string, SchemaObject> = {
  PushHookAnswer: {
    type: 'object',
    required: ['result', 'message'],
    properties: {
      result: {
        type: 'string',
        enum: ['pong', 'queued', 'ignored'],
        description: '`queued`: a check of the branch runs now. `ignored`: nothing happens (see `message`).',
      },
      message: { type: 'string' },
      repository_id: REPOSITORY_ID,
      branch: { type: 'string' },
    },
  },
  GitHubPushPayload: {
    type: 'object',
    description:
      'The fields Docora reads from a GitHub or Gitea `push` payload (everything else is ignored).',
    required: ['ref', 'repository'],
    properties: {
      ref: { type: 'string', example: 'refs/heads/main' },
      after: { type: 'string', description: 'All zeros when the branch was deleted.' },
      deleted: { type: 'boolean' },
      repository: {
        type: 'object',
        description: '`full_name`, or else the path of `html_url`, names the repository.',
        properties: { full_name: { type: 'string' }, html_url: { type: 'string', format: 'uri' } },
      },
    },
  },
  GitLabPushPayload: {
    type: 'object',
    description: 'The fields Docora reads from a GitLab `Push Hook` payload.',
    required: ['ref', 'project'],
    properties: {
      ref: { type: 'string', example: 'refs/heads/main' },
      after: { type: 'string', description: 'All zeros when the branch was deleted.' },
      project: {
        type: 'object',
        description: '`path_with_namespace`, or else the path of `web_url`, names the repository.',
        properties: { path_with_namespace: { type: 'string' }, web_url: { type: 'string', format: 'uri' } },
      },
    },
  },
};

const header = (
  name: string,
  description: string,
  schema: SchemaObject,
  required = true,
): ParameterObject => ({
  name,
  in: 'header',
  required,
  description,
  schema,
});

const answer = (value: object) => ({ value });
const QUEUED = answer({
  result: 'queued',
  message: PushHookMessages.Queued,
  repository_id: EXAMPLE.repositoryId,
  branch: 'main',
});
const IGNORED_EXAMPLES = {
  unknownRepository: answer({ result: 'ignored', message: PushHookMessages.UnknownRepository }),
  unwatchedBranch: answer({ result: 'ignored', message: PushHookMessages.UnwatchedBranch }),
  tag: answer({ result: 'ignored', message: HookMessages.NotABranchPush }),
};

function accepted(extra: Record<string, { value: object }>): ResponseObject {
  return {
    ...limitedOk('Verified. A push to a watched branch queues its check now; anything else is ignored.'),
    content: {
      'application/json': {
        schema: ref('schemas', 'PushHookAnswer'),
        examples: { queued: QUEUED, ...IGNORED_EXAMPLES, ...extra },
      },
    },
  };
}

const MALFORMED: Record<string, ErrorExample> = {
  malformed: { code: ErrorCode.ValidationFailed, error: 'Malformed JSON body' },
  badRef: validationExample('body/ref Invalid branch name'),
};

function hookOperation(o: {
  operationId: string;
  summary: string;
  description: string;
  headers: ParameterObject[];
  body: string;
  formEncoded: boolean;
  unauthorized: string;
  variable: string;
  label: string;
  missing: Record<string, ErrorExample>;
  extra?: Record<string, { value: object }>;
  ping?: boolean;
}): OperationObject {
  const responses: Record<string, ResponseObject | ReturnType<typeof ref>> = {
    ...(o.ping
      ? {
          '200': limitedOk('`ping` (sent when the hook is created).', ref('schemas', 'PushHookAnswer'), {
            result: 'pong',
            message: HookMessages.Pong,
          }),
        }
      : {}),
    '202': accepted(o.extra ?? {}),
    '400': errorResponse('Verified, but the payload or event header is malformed.', {
      ...MALFORMED,
      ...o.missing,
    }),
    '401': errorResponse('Missing or wrong signature (nothing is read or changed).', {
      badSignature: { code: ErrorCode.Unauthorized, error: o.unauthorized },
    }),
    '404': errorResponse(`The hook is disabled: \`${o.variable}\` is not set.`, {
      notEnabled: {
        code: ErrorCode.NotFound,
        error: `${o.label} push hooks are not enabled (set ${o.variable})`,
      },
    }),
    '413': errorResponse(`Body over ${MAX_HOOK_BODY_BYTES} bytes (refused before verification).`, {
      tooLarge: {
        code: ErrorCode.PayloadTooLarge,
        error: `Request body too large (limit ${MAX_HOOK_BODY_BYTES} bytes)`,
      },
    }),
    '415': errorResponse('A body that is neither JSON nor (GitHub, Gitea) form-encoded.', {
      unsupported: {
        code: ErrorCode.UnsupportedMediaType,
        error: 'Content-Type must be application/json or application/x-www-form-urlencoded',
      },
    }),
    ...shared({ '429': 'TooManyRequests', '500': 'InternalError', '503': 'ServiceUnavailable' }),
  };
  return {
    tags: [TAG_PUSH_HOOKS],
    operationId: o.operationId,
    summary: o.summary,
    description: o.description,
    security: [],
    parameters: o.headers,
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: ref('schemas', o.body) },
        ...(o.formEncoded
          ? {
              'application/x-www-form-urlencoded': {
                schema: {
                  type: 'object',
                  required: ['payload'],
                  properties: { payload: { type: 'string', description: 'The JSON payload.' } },
                },
              },
            }
          : {}),
      },
    },
    responses,
  };
}

const COMMON_DESCRIPTION =
  'Verified over the raw body before anything is read; then a push to a branch that some app watches ' +
  'queues an immediate check of that repository branch (polling stays as the safety net). Unknown ' +
  'repositories, unwatched branches, tags and other events are acknowledged with 202 and change nothing. ' +
  'No bearer token; rate limited per client address (`HOOK_RATE_LIMIT_PER_MINUTE`).';

const MISSING_REPOSITORY = validationExample('body/repository is required');

export const HOOK_PATHS: Record<string, PathItemObject> = {
  '/hooks/github': {
    post: hookOperation({
      operationId: 'githubPushHook',
      summary: 'GitHub push hook',
      description: `${COMMON_DESCRIPTION} Matched by \`repository.full_name\`; \`repository.html_url\` must be on \`GITHUB_URL\`.`,
      headers: [
        header('X-Hub-Signature-256', '`sha256=` + hex HMAC-SHA256(`GITHUB_WEBHOOK_SECRET`, raw body).', {
          type: 'string',
          pattern: '^sha256=[0-9a-fA-F]{64}$',
        }),
        header('X-GitHub-Event', '`push` or `ping`; any other event is ignored.', { type: 'string' }),
        header('X-GitHub-Delivery', 'Used as the correlation id of the check.', { type: 'string' }, false),
      ],
      body: 'GitHubPushPayload',
      formEncoded: true,
      unauthorized: 'Invalid or missing X-Hub-Signature-256',
      variable: 'GITHUB_WEBHOOK_SECRET',
      label: 'GitHub',
      missing: {
        noEvent: validationExample('headers/X-GitHub-Event is required'),
        noRepository: MISSING_REPOSITORY,
      },
      extra: {
        otherHost: answer({ result: 'ignored', message: PushHookMessages.OtherHost }),
        otherEvent: answer({ result: 'ignored', message: 'Event "issues" ignored' }),
      },
      ping: true,
    }),
  },
  '/hooks/gitea': {
    post: hookOperation({
      operationId: 'giteaPushHook',
      summary: 'Gitea push hook',
      description: `${COMMON_DESCRIPTION} Matched by \`repository.full_name\` (any host). A \`delete\` event for a branch also queues a check.`,
      headers: [
        header('X-Gitea-Signature', 'Hex HMAC-SHA256(`GITEA_WEBHOOK_SECRET`, raw body), no prefix.', {
          type: 'string',
          pattern: HEX_64,
        }),
        header('X-Gitea-Event', '`push` or `delete`; any other event is ignored.', { type: 'string' }),
        header('X-Gitea-Delivery', 'Used as the correlation id of the check.', { type: 'string' }, false),
      ],
      body: 'GitHubPushPayload',
      formEncoded: true,
      unauthorized: 'Invalid or missing X-Gitea-Signature',
      variable: 'GITEA_WEBHOOK_SECRET',
      label: 'Gitea',
      missing: {
        noEvent: validationExample('headers/X-Gitea-Event is required'),
        noRepository: MISSING_REPOSITORY,
      },
    }),
  },
  '/hooks/gitlab': {
    post: hookOperation({
      operationId: 'gitlabPushHook',
      summary: 'GitLab push hook',
      description: `${COMMON_DESCRIPTION} Matched by \`project.path_with_namespace\` (any host; nested groups never match an \`owner/name\`).`,
      headers: [
        header('X-Gitlab-Token', 'The secret token, equal to `GITLAB_WEBHOOK_TOKEN`.', { type: 'string' }),
        header('X-Gitlab-Event', '`Push Hook`; any other event is ignored.', { type: 'string' }),
        header('X-Gitlab-Event-UUID', 'Used as the correlation id of the check.', { type: 'string' }, false),
      ],
      body: 'GitLabPushPayload',
      formEncoded: false,
      unauthorized: 'Invalid or missing X-Gitlab-Token',
      variable: 'GITLAB_WEBHOOK_TOKEN',
      label: 'GitLab',
      missing: {
        noEvent: validationExample('headers/X-Gitlab-Event is required'),
        noProject: validationExample('body/project is required'),
      },
    }),
  },
};
