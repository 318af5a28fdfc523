import { BULK_OPERATION_ID_PATTERN, BulkMessages, ErrorCode } from '@lib/contracts';
import { GUARDED, op, queryParam } from './openapi.admin-paths';
import { errorResponse, ErrorExample, limitedOk } from './openapi.responses';
import { APP_ID, dataOf, pageOf, REPOSITORY_ID } from './openapi.schemas';
import { ParameterObject, PathItemObject, ref, SchemaObject } from './openapi.types';

/**
 * The admin's failed-notification list and bulk operations (retry by app or all, resync by app, progress,
 * cancel): apps/gateway/src/admin/admin-failed-notifications.controller.ts and admin-bulk.controller.ts.
 */

const OPERATION_ID: SchemaObject = {
  type: 'string',
  pattern: BULK_OPERATION_ID_PATTERN.source,
  example: 'bulk_5f0c3a9e1b7d2c84',
};
const OPERATION_NOT_FOUND: ErrorExample = { code: ErrorCode.NotFound, error: BulkMessages.OperationNotFound };

export const ADMIN_OPERATION_PARAMETERS: Record<string, ParameterObject> = {
  OperationId: {
    name: 'operationId',
    in: 'path',
    required: true,
    description: 'From the answer that started the operation; records expire.',
    schema: OPERATION_ID,
  },
};

export const ADMIN_OPERATION_SCHEMAS: Record<string, SchemaObject> = {
  FailedNotification: {
    type: 'object',
    required: [
      'app_id',
      'app_name',
      'repository_id',
      'repository_name',
      'github_url',
      'error_message',
      'timestamp',
      'retry_count',
    ],
    properties: {
      app_id: APP_ID,
      app_name: { type: 'string' },
      repository_id: REPOSITORY_ID,
      repository_name: { type: 'string', description: '`owner/name`.' },
      github_url: { type: 'string' },
      error_message: { type: 'string' },
      timestamp: { type: 'string', format: 'date-time', description: 'When the subscription failed.' },
      retry_count: { type: 'integer', minimum: 0 },
    },
  },
  BulkOperationStarted: {
    type: 'object',
    required: ['message', 'operation_id', 'total'],
    properties: {
      message: { type: 'string', enum: [BulkMessages.RetryStarted, BulkMessages.ResyncStarted] },
      operation_id: OPERATION_ID,
      total: { type: 'integer', minimum: 1, description: 'Subscriptions the operation covers.' },
    },
    example: { message: BulkMessages.RetryStarted, operation_id: OPERATION_ID.example, total: 3 },
  },
  BulkProgress: {
    type: 'object',
    required: ['operation_id', 'total', 'completed', 'succeeded', 'failed', 'cancelled', 'errors'],
    properties: {
      operation_id: OPERATION_ID,
      total: { type: 'integer', minimum: 0 },
      completed: { type: 'integer', minimum: 0 },
      succeeded: { type: 'integer', minimum: 0 },
      failed: { type: 'integer', minimum: 0 },
      cancelled: { type: 'boolean' },
      errors: {
        type: 'array',
        description: 'The first few failures.',
        items: {
          type: 'object',
          required: ['app_id', 'repository_id', 'error'],
          properties: { app_id: APP_ID, repository_id: REPOSITORY_ID, error: { type: 'string' } },
        },
      },
    },
    example: {
      operation_id: OPERATION_ID.example,
      total: 3,
      completed: 2,
      succeeded: 2,
      failed: 0,
      cancelled: false,
      errors: [],
    },
  },
};

const started = (description: string) =>
  limitedOk(description, dataOf(ref('schemas', 'BulkOperationStarted')));
const appParam = [ref('parameters', 'AppId')];
const operationParam = [ref('parameters', 'OperationId')];

export const ADMIN_OPERATION_PATHS: Record<string, PathItemObject> = {
  '/admin/api/notifications/failed': {
    get: op('listFailedNotifications', 'Failed subscriptions, paginated', {
      parameters: [
        ref('parameters', 'Page'),
        ref('parameters', 'Limit'),
        queryParam(
          'sort_by',
          { type: 'string', enum: ['app_name', 'repository_name', 'retry_count', 'last_scanned_at'] },
          'Default `last_scanned_at`.',
        ),
        queryParam('sort_order', { type: 'string', enum: ['asc', 'desc'] }, 'Any case; default `desc`.'),
        queryParam(
          'search',
          { type: 'string' },
          'Case-insensitive substring of the app name, owner/name or error message.',
        ),
      ],
      responses: {
        '200': limitedOk('One page of failed subscriptions.', pageOf(ref('schemas', 'FailedNotification'))),
        '400': errorResponse('Invalid list parameters.', {
          sort: { code: ErrorCode.ValidationFailed, error: 'Invalid sort_by: email' },
        }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/retry/app/{appId}': {
    parameters: appParam,
    post: op('bulkRetryApp', 'Retry every failed subscription of an app (a queued job)', {
      responses: {
        '200': started('Started; follow it with the progress route.'),
        '404': errorResponse('Unknown app, or nothing failed.', {
          nothing: { code: ErrorCode.NotFound, error: BulkMessages.NoFailedForApp },
        }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/retry/all': {
    post: op('bulkRetryAll', 'Retry every failed subscription (a queued job)', {
      responses: {
        '200': started('Started; follow it with the progress route.'),
        '404': errorResponse('Nothing failed.', {
          nothing: { code: ErrorCode.NotFound, error: BulkMessages.NoFailed },
        }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/resync/app/{appId}': {
    parameters: appParam,
    post: op('bulkResyncApp', 'Resync every subscription of an app (a queued job)', {
      responses: {
        '200': started('Started; follow it with the progress route.'),
        '404': errorResponse('Unknown app, or it watches nothing.', {
          nothing: { code: ErrorCode.NotFound, error: BulkMessages.NoRepositoriesForApp },
        }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/retry/progress/{operationId}': {
    parameters: operationParam,
    get: op('bulkProgress', 'Progress of a bulk operation', {
      responses: {
        '200': limitedOk('Progress.', dataOf(ref('schemas', 'BulkProgress'))),
        '404': errorResponse('Unknown or expired operation.', { notFound: OPERATION_NOT_FOUND }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/retry/cancel/{operationId}': {
    parameters: operationParam,
    post: op('bulkCancel', 'Cancel a bulk operation (items already done stay done)', {
      responses: {
        '200': limitedOk(
          'Cancellation requested.',
          dataOf({ type: 'object', required: ['message'], properties: { message: { type: 'string' } } }),
          { data: { message: BulkMessages.CancellationRequested } },
        ),
        '404': errorResponse('Unknown or expired operation.', { notFound: OPERATION_NOT_FOUND }),
        ...GUARDED,
      },
    }),
  },
};
