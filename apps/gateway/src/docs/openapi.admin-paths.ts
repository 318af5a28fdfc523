import { ErrorCode } from '@lib/contracts';
import { EXAMPLE } from './openapi.examples';
import {
  errorResponse,
  ErrorExample,
  limitedOk,
  MALFORMED_JSON,
  shared,
  validationExample,
} from './openapi.responses';
import { APP_ID, dataOf, pageOf } from './openapi.schemas';
import {
  json,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ref,
  SchemaObject,
  SecurityRequirement,
} from './openapi.types';

/**
 * The admin API (`/admin/api/*`, cookie session). v1 hid it from its document; Docora documents it under its own
 * tag because SPEC does not ask for it to be hidden, the admin web UI and operators' scripts are its clients,
 * and hiding routes protects nothing (the session guard does). Shapes: apps/gateway/src/admin/*.controller.ts.
 */
const TAG = 'Admin';
const SESSION: SecurityRequirement[] = [{ adminSession: [] }];

const APP_NOT_FOUND: ErrorExample = { code: ErrorCode.NotFound, error: 'App not found' };
const LINK_NOT_FOUND: ErrorExample = { code: ErrorCode.NotFound, error: 'App-repository link not found' };
const UNSAFE: Record<string, ErrorExample> = {
  private: {
    code: ErrorCode.UnsafeUrl,
    error: 'Private IP addresses are not allowed (10.0.0.5 is private)',
  },
  https: { code: ErrorCode.UnsafeUrl, error: 'URL must use HTTPS' },
};

/** Answers of every session-guarded route. */
export const GUARDED = shared({
  '401': 'AdminUnauthorized',
  '429': 'TooManyRequests',
  '500': 'InternalError',
  '503': 'AdminServiceUnavailable',
});
export const BODY = shared({ '413': 'PayloadTooLarge', '415': 'UnsupportedMediaType' });

export const ADMIN_PARAMETERS: Record<string, ParameterObject> = {
  AppId: {
    name: 'appId',
    in: 'path',
    required: true,
    description: 'A malformed id is a 404, as an unknown one.',
    schema: APP_ID,
  },
};

export const queryParam = (name: string, schema: SchemaObject, description: string): ParameterObject => ({
  name,
  in: 'query',
  schema,
  description,
});

export function op(
  operationId: string,
  summary: string,
  rest: Omit<OperationObject, 'operationId'>,
): OperationObject {
  return { tags: [TAG], operationId, summary, security: SESSION, ...rest };
}

const badAction = validationExample('body/app_id app_id and repository_id are required');

export const ADMIN_PATHS: Record<string, PathItemObject> = {
  '/admin/api/login': {
    post: op('adminLogin', 'Log in (sets the `sessionId` cookie)', {
      description:
        'HttpOnly, SameSite=Strict, Path=/admin, 1 h rolling (Secure in production). Limited to ' +
        '`ADMIN_LOGIN_RATE_LIMIT_PER_MINUTE` attempts per client address.',
      security: [],
      requestBody: { required: true, content: json(ref('schemas', 'LoginRequest')) },
      responses: {
        '200': {
          ...limitedOk('Logged in.', ref('schemas', 'Success'), { success: true }),
          headers: {
            'set-cookie': { schema: { type: 'string' }, description: '`sessionId=…; Path=/admin; …`' },
          },
        },
        '400': errorResponse('Invalid body.', {
          missing: validationExample('body/username Username is required'),
          malformed: MALFORMED_JSON,
        }),
        '401': errorResponse('Wrong username or password.', {
          invalid: { code: ErrorCode.Unauthorized, error: 'Invalid credentials' },
        }),
        ...shared({ '429': 'TooManyRequests', '500': 'InternalError', '503': 'AdminServiceUnavailable' }),
        ...BODY,
      },
    }),
  },
  '/admin/api/logout': {
    post: op('adminLogout', 'Log out (ends the session, clears the cookie)', {
      responses: {
        '200': limitedOk('Logged out.', ref('schemas', 'Success'), { success: true }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/session': {
    get: op('adminSession', 'The current session', {
      responses: {
        '200': limitedOk('Authenticated.', ref('schemas', 'Session'), {
          authenticated: true,
          username: 'admin',
        }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/apps/onboard': {
    post: op('onboardApp', 'Onboard a client app', {
      description: 'Returns its bearer token once. Webhooks then go to `base_url` (see the callbacks).',
      requestBody: { required: true, content: json(ref('schemas', 'OnboardRequest')) },
      callbacks: { webhooks: ref('callbacks', 'Webhooks') },
      responses: {
        '201': limitedOk('Onboarded.', dataOf(ref('schemas', 'OnboardedApp'))),
        '400': errorResponse('Invalid body.', {
          name: validationExample('body/app_name App name must be between 3 and 100 characters'),
          key: validationExample('body/client_auth_key Auth key must be between 16 and 500 characters'),
          malformed: MALFORMED_JSON,
        }),
        '422': errorResponse('`base_url` is not a safe destination (SSRF policy).', UNSAFE),
        ...GUARDED,
        ...BODY,
      },
    }),
  },
  '/admin/api/apps': {
    get: op('listApps', 'Apps, paginated', {
      parameters: [
        ref('parameters', 'Page'),
        ref('parameters', 'Limit'),
        queryParam(
          'sort_by',
          {
            type: 'string',
            enum: ['app_name', 'created_at', 'repository_count', 'failed_notification_count'],
          },
          'Default `created_at`.',
        ),
        queryParam('sort_order', { type: 'string', enum: ['asc', 'desc'] }, 'Any case; default `desc`.'),
        queryParam('search', { type: 'string' }, 'Case-insensitive substring of the app name or base_url.'),
      ],
      responses: {
        '200': limitedOk('One page of apps.', pageOf(ref('schemas', 'AppSummary'))),
        '400': errorResponse('Invalid list parameters.', {
          page: { code: ErrorCode.ValidationFailed, error: 'Invalid page: 0' },
          sort: { code: ErrorCode.ValidationFailed, error: 'Invalid sort_by: email' },
        }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/apps/{appId}': {
    parameters: [ref('parameters', 'AppId')],
    get: op('getApp', 'One app with its subscriptions', {
      responses: {
        '200': limitedOk('The app.', dataOf(ref('schemas', 'AppDetail'))),
        '404': errorResponse('Unknown app.', { notFound: APP_NOT_FOUND }),
        ...GUARDED,
      },
    }),
    patch: op('updateApp', "Update an app's base_url, name, email, website or description", {
      requestBody: { required: true, content: json(ref('schemas', 'UpdateAppRequest')) },
      responses: {
        '200': limitedOk('Updated; the app as it now is.', dataOf(ref('schemas', 'AppDetail'))),
        '400': errorResponse('Invalid or empty body.', {
          email: validationExample('body/email Must be a valid email'),
          empty: {
            code: ErrorCode.ValidationFailed,
            error: 'Nothing to update: give at least one of base_url, app_name, email, website, description',
          },
          malformed: MALFORMED_JSON,
        }),
        '404': errorResponse('Unknown app.', { notFound: APP_NOT_FOUND }),
        '422': errorResponse('`base_url` is not a safe destination (SSRF policy).', UNSAFE),
        ...GUARDED,
        ...BODY,
      },
    }),
    delete: op('deleteApp', 'Delete an app, its subscriptions and the repositories nobody else watches', {
      responses: {
        '200': limitedOk('Deleted.', dataOf(ref('schemas', 'DeletedApp'))),
        '404': errorResponse('Unknown app.', { notFound: APP_NOT_FOUND }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/apps/{appId}/token': {
    parameters: [ref('parameters', 'AppId')],
    post: op('rotateAppToken', "Rotate an app's bearer token", {
      description: 'The new token is returned this once; the previous one is refused from now on.',
      responses: {
        '200': limitedOk('New token.', dataOf(ref('schemas', 'RotatedToken'))),
        '404': errorResponse('Unknown app.', { notFound: APP_NOT_FOUND }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/apps/{appId}/pause': {
    parameters: [ref('parameters', 'AppId')],
    post: op('pauseAppDeliveries', "Pause an app's deliveries", {
      description:
        'Nothing is sent to the app until it is resumed; changes keep accumulating, nothing is dropped. Pausing a ' +
        'paused app keeps when and why it was first paused.',
      responses: {
        '200': limitedOk('Paused.', dataOf(ref('schemas', 'AppDeliveriesState'))),
        '404': errorResponse('Unknown app.', { notFound: APP_NOT_FOUND }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/apps/{appId}/resume': {
    parameters: [ref('parameters', 'AppId')],
    post: op('resumeAppDeliveries', "Resume an app's deliveries", {
      description:
        'Everything queued goes out in order, per repository. Also lifts a pause caused by a `410 Gone` and resets ' +
        "the app's endpoint circuit breaker.",
      responses: {
        '200': limitedOk('Resumed.', dataOf(ref('schemas', 'AppDeliveriesState'))),
        '404': errorResponse('Unknown app.', { notFound: APP_NOT_FOUND }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/overview': {
    get: op('adminOverview', 'Dashboard metrics', {
      responses: { '200': limitedOk('Metrics.', dataOf(ref('schemas', 'Overview'))), ...GUARDED },
    }),
  },
  '/admin/api/queue': {
    get: op('adminQueue', 'The scan queue', {
      responses: { '200': limitedOk('Counts and jobs.', dataOf(ref('schemas', 'QueueStatus'))), ...GUARDED },
    }),
  },
  '/admin/api/retry': {
    post: op('retrySubscription', 'Retry the failed deliveries of a subscription', {
      requestBody: { required: true, content: json(ref('schemas', 'SubscriptionAction')) },
      responses: {
        '200': limitedOk('Queued.', dataOf(ref('schemas', 'QueuedAction')), {
          data: { message: 'Retry queued', job_id: `${EXAMPLE.appId}-${EXAMPLE.repositoryId}` },
        }),
        '400': errorResponse('Invalid body.', { ids: badAction, malformed: MALFORMED_JSON }),
        '404': errorResponse('No such subscription.', { notFound: LINK_NOT_FOUND }),
        '409': errorResponse('The subscription is not `failed`.', {
          notFailed: { code: ErrorCode.Conflict, error: 'Only failed entries can be retried' },
        }),
        ...GUARDED,
        ...BODY,
      },
    }),
  },
  '/admin/api/resync': {
    post: op('resyncSubscription', 'Send every current file again as `create`', {
      requestBody: { required: true, content: json(ref('schemas', 'SubscriptionAction')) },
      responses: {
        '200': limitedOk('Queued.', dataOf(ref('schemas', 'QueuedAction')), {
          data: { message: 'Re-sync queued', job_id: `${EXAMPLE.appId}-${EXAMPLE.repositoryId}` },
        }),
        '400': errorResponse('Invalid body.', { ids: badAction, malformed: MALFORMED_JSON }),
        '404': errorResponse('No such subscription.', { notFound: LINK_NOT_FOUND }),
        ...GUARDED,
        ...BODY,
      },
    }),
  },
};
