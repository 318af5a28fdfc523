import {
  DELIVERY_EVENTS,
  DELIVERY_ID_PATTERN,
  DELIVERY_STATUSES,
  ErrorCode,
  MAX_BULK_REDELIVERY,
  RedeliveryMessages,
  REDELIVERABLE_STATUSES,
} from '@lib/contracts';
import { BULK_FILTER_REQUIRED } from '../deliveries/delivery-query';
import { BODY, GUARDED, op } from './openapi.admin-paths';
import { EXAMPLE } from './openapi.examples';
import {
  errorResponse,
  ErrorExample,
  limitedOk,
  MALFORMED_JSON,
  shared,
  validationExample,
} from './openapi.responses';
import { APP_ID, dataOf, pageOf, REPOSITORY_ID } from './openapi.schemas';
import { json, ParameterObject, PathItemObject, ref, SchemaObject } from './openapi.types';

/** The delivery log and redelivery, public and admin: apps/gateway/src/deliveries, admin-deliveries.controller.ts. */
export const TAG_DELIVERIES = 'Deliveries';

const DELIVERY_ID: SchemaObject = {
  type: 'string',
  pattern: DELIVERY_ID_PATTERN.source,
  example: EXAMPLE.deliveryId,
};
const TIME: SchemaObject = { type: 'string', format: 'date-time', example: EXAMPLE.timestamp };
const NULLABLE_TIME: SchemaObject = { ...TIME, nullable: true };
const NOT_FOUND: ErrorExample = { code: ErrorCode.NotFound, error: RedeliveryMessages.NotFound };
const BAD_ID = validationExample('params/delivery_id Invalid delivery ID format');
const BAD_FILTERS = {
  status: validationExample('querystring/status must be one of: pending, delivered, failed, skipped'),
  range: validationExample('querystring/since must not be after until'),
  unknown: validationExample('querystring/stauts is not a known parameter'),
};
const CONFLICTS = {
  pending: { code: ErrorCode.Conflict, error: RedeliveryMessages.Pending },
  skipped: { code: ErrorCode.Conflict, error: RedeliveryMessages.Skipped },
  gone: { code: ErrorCode.Conflict, error: RedeliveryMessages.ContentGone },
  notRecorded: { code: ErrorCode.Conflict, error: RedeliveryMessages.NotRecorded },
  unwatched: { code: ErrorCode.Conflict, error: RedeliveryMessages.Unwatched },
} satisfies Record<string, ErrorExample>;

const EXAMPLE_ITEM = {
  delivery_id: EXAMPLE.deliveryId,
  app_id: EXAMPLE.appId,
  repository_id: EXAMPLE.repositoryId,
  event: 'update',
  path: 'docs/guide.md',
  commit_sha: EXAMPLE.commitSha,
  status: 'delivered',
  attempts: 2,
  last_status_code: 200,
  last_error: null,
  created_at: EXAMPLE.timestamp,
  last_attempt_at: '2026-03-01T12:00:05.210Z',
  next_attempt_at: null,
  delivered_at: '2026-03-01T12:00:05.251Z',
};

const queryParam = (name: string, schema: SchemaObject, description: string): ParameterObject => ({
  name,
  in: 'query',
  schema,
  description,
});

export const DELIVERY_PARAMETERS: Record<string, ParameterObject> = {
  DeliveryId: {
    name: 'delivery_id',
    in: 'path',
    required: true,
    description: 'The `webhook-id` / `X-Docora-Delivery` of the delivery; a malformed id is a 400.',
    schema: DELIVERY_ID,
  },
  DeliveryRepositoryFilter: queryParam('repository_id', REPOSITORY_ID, 'Only this repository.'),
  DeliveryStatusFilter: queryParam(
    'status',
    { type: 'string', enum: DELIVERY_STATUSES },
    'Only this status.',
  ),
  DeliveryEventFilter: queryParam(
    'event',
    { type: 'string', enum: DELIVERY_EVENTS },
    'Only this event (as sent: an update planned as a create counts as an update).',
  ),
  DeliverySince: queryParam('since', TIME, 'Created at or after (ISO-8601; a time without offset is UTC).'),
  DeliveryUntil: queryParam('until', TIME, 'Created at or before; not before `since`.'),
  DeliveryAppFilter: queryParam('app_id', APP_ID, 'Only this app.'),
};

export const DELIVERY_SCHEMAS: Record<string, SchemaObject> = {
  DeliveryLogItem: {
    type: 'object',
    required: Object.keys(EXAMPLE_ITEM),
    properties: {
      delivery_id: DELIVERY_ID,
      app_id: APP_ID,
      repository_id: REPOSITORY_ID,
      event: { type: 'string', enum: DELIVERY_EVENTS },
      path: { type: 'string', nullable: true, description: 'null for `sync_failed`.' },
      commit_sha: { type: 'string', nullable: true, pattern: '^[0-9a-f]{40}$' },
      status: { type: 'string', enum: DELIVERY_STATUSES },
      attempts: {
        type: 'integer',
        minimum: 0,
        description: 'X-Docora-Attempt of the latest try (of the chunk being sent, for a chunked file).',
      },
      last_status_code: { type: 'integer', nullable: true },
      last_error: { type: 'string', nullable: true, description: 'Redacted; null after a success.' },
      created_at: TIME,
      last_attempt_at: NULLABLE_TIME,
      next_attempt_at: { ...NULLABLE_TIME, description: 'When the next retry is due, if one is scheduled.' },
      delivered_at: NULLABLE_TIME,
    },
    example: EXAMPLE_ITEM,
  },
  DeliveryAttempt: {
    type: 'object',
    required: [
      'attempt',
      'chunk_index',
      'chunk_total',
      'webhook_id',
      'started_at',
      'duration_ms',
      'success',
      'status_code',
      'response_excerpt',
      'error',
    ],
    properties: {
      attempt: { type: 'integer', minimum: 1, description: 'The X-Docora-Attempt sent.' },
      chunk_index: { type: 'integer', minimum: 0 },
      chunk_total: { type: 'integer', minimum: 1 },
      webhook_id: { ...DELIVERY_ID, description: 'The delivery id, or the chunk’s own id.' },
      started_at: TIME,
      duration_ms: { type: 'integer', minimum: 0 },
      success: { type: 'boolean', description: 'A 2xx within the timeout.' },
      status_code: { type: 'integer', nullable: true, description: 'null when no response arrived.' },
      response_excerpt: { type: 'string', nullable: true, description: 'First KiB of the response body.' },
      error: { type: 'string', nullable: true, description: 'Why it failed, redacted.' },
    },
  },
  DeliveryLogDetail: {
    allOf: [
      ref('schemas', 'DeliveryLogItem'),
      {
        type: 'object',
        required: ['attempts_log'],
        properties: {
          attempts_log: {
            type: 'array',
            items: ref('schemas', 'DeliveryAttempt'),
            description: 'Oldest first.',
          },
        },
      },
    ],
  },
  Redelivered: {
    type: 'object',
    required: ['delivery_id', 'status'],
    properties: { delivery_id: DELIVERY_ID, status: { type: 'string', enum: ['pending'] } },
    example: { delivery_id: EXAMPLE.deliveryId, status: 'pending' },
  },
  BulkRedeliveryRequest: {
    type: 'object',
    additionalProperties: false,
    description: `A filter (every field narrows), or \`"all": true\`; at most ${MAX_BULK_REDELIVERY} deliveries per operation.`,
    properties: {
      app_id: APP_ID,
      repository_id: REPOSITORY_ID,
      status: { type: 'string', enum: REDELIVERABLE_STATUSES, description: 'Default: both.' },
      event: { type: 'string', enum: DELIVERY_EVENTS },
      since: TIME,
      until: TIME,
      dry_run: { type: 'boolean', default: false, description: 'Only count.' },
      all: { type: 'boolean', description: 'Every redeliverable delivery; not with filter fields.' },
    },
    example: { app_id: EXAMPLE.appId, status: 'failed', dry_run: true },
  },
  BulkRedeliveryStarted: {
    type: 'object',
    required: ['operation_id', 'total'],
    properties: {
      operation_id: {
        type: 'string',
        nullable: true,
        pattern: '^bulk_[0-9a-f]{16}$',
        description: 'null when nothing matched (no operation).',
      },
      total: { type: 'integer', minimum: 0, description: 'Deliveries in the snapshot taken at the start.' },
    },
    example: { operation_id: 'bulk_5f0c3a9e1b7d2c84', total: 12 },
  },
};

const listParams = [
  ref('parameters', 'DeliveryRepositoryFilter'),
  ref('parameters', 'DeliveryStatusFilter'),
  ref('parameters', 'DeliveryEventFilter'),
  ref('parameters', 'DeliverySince'),
  ref('parameters', 'DeliveryUntil'),
  ref('parameters', 'Page'),
  ref('parameters', 'Limit'),
];
const idParam = [ref('parameters', 'DeliveryId')];
const PUBLIC = shared({ '401': 'Unauthorized', '429': 'TooManyRequests', '500': 'InternalError' });
const listed = limitedOk('One page, newest first.', pageOf(ref('schemas', 'DeliveryLogItem')));
const detailed = limitedOk('The delivery and every attempt.', dataOf(ref('schemas', 'DeliveryLogDetail')));
const queued = limitedOk(
  'Back in its lane: sent next with the same delivery id, the same bytes and the next attempt number.',
  dataOf(ref('schemas', 'Redelivered')),
);
const REDELIVER_DESCRIPTION =
  'A delivered delivery is sent again exactly as it was sent (same body bytes, same `webhook-id`, ' +
  '`X-Docora-Attempt` continuing); what the app holds is not changed. A failed one is retried, and its lane ' +
  'goes on once it succeeds.';
const publicOp = (operationId: string, summary: string) => ({
  tags: [TAG_DELIVERIES],
  operationId,
  summary,
  security: [{ bearerAuth: [] }],
});

export const DELIVERY_PATHS: Record<string, PathItemObject> = {
  '/api/deliveries': {
    get: {
      ...publicOp('listDeliveries', "The caller's delivery log"),
      parameters: listParams,
      responses: { '200': listed, '400': errorResponse('Invalid filter.', BAD_FILTERS), ...PUBLIC },
    },
  },
  '/api/deliveries/{delivery_id}': {
    parameters: idParam,
    get: {
      ...publicOp('getDelivery', 'One of the caller’s deliveries with all its attempts'),
      responses: {
        '200': detailed,
        '400': errorResponse('Malformed id.', { badId: BAD_ID }),
        '404': errorResponse('Unknown, or another app’s.', { notFound: NOT_FOUND }),
        ...PUBLIC,
      },
    },
  },
  '/api/deliveries/{delivery_id}/redeliver': {
    parameters: idParam,
    post: {
      ...publicOp('redeliverDelivery', 'Send one of the caller’s past deliveries again'),
      description: REDELIVER_DESCRIPTION,
      responses: {
        '202': queued,
        '400': errorResponse('Malformed id.', { badId: BAD_ID }),
        '404': errorResponse('Unknown, or another app’s.', { notFound: NOT_FOUND }),
        '409': errorResponse('Cannot be sent again now.', CONFLICTS),
        ...PUBLIC,
        ...shared({ '503': 'ServiceUnavailable' }),
      },
    },
  },
  '/admin/api/deliveries': {
    get: op('adminListDeliveries', 'Every delivery, filtered and paginated', {
      parameters: [ref('parameters', 'DeliveryAppFilter'), ...listParams],
      responses: { '200': listed, '400': errorResponse('Invalid filter.', BAD_FILTERS), ...GUARDED },
    }),
  },
  '/admin/api/deliveries/redeliver': {
    post: op('adminBulkRedeliver', 'Redeliver every delivery a filter matches (count first with dry_run)', {
      description:
        'Only delivered and failed deliveries whose message can be sent again are counted and covered. The ' +
        'ids matched at the start are the operation (later deliveries are not added); a durable job in the ' +
        'notifier redelivers them oldest first, one at a time, each awaited until delivered or failed for ' +
        'good. Follow it with `/admin/api/retry/progress/{operationId}`; cancel stops before the next one.',
      requestBody: { required: true, content: json(ref('schemas', 'BulkRedeliveryRequest')) },
      responses: {
        '200': limitedOk(
          'A dry run’s count `{total}`, or nothing matched: `{operation_id: null, total: 0}`.',
          dataOf({
            type: 'object',
            required: ['total'],
            properties: { total: { type: 'integer', minimum: 0 } },
          }),
          { data: { total: 12 } },
        ),
        '202': limitedOk('Started.', dataOf(ref('schemas', 'BulkRedeliveryStarted'))),
        '400': errorResponse('Invalid filter, or none.', {
          empty: {
            code: ErrorCode.ValidationFailed,
            error: BULK_FILTER_REQUIRED,
            details: [BULK_FILTER_REQUIRED],
          },
          status: validationExample('body/status must be one of: delivered, failed'),
          malformed: MALFORMED_JSON,
        }),
        '422': errorResponse('Too many deliveries for one operation.', {
          tooMany: {
            code: ErrorCode.Unprocessable,
            error: `The filter matches more than ${MAX_BULK_REDELIVERY} deliveries: narrow it (e.g. with since and until) and redeliver in parts`,
          },
        }),
        ...GUARDED,
        ...BODY,
      },
    }),
  },
  '/admin/api/deliveries/{delivery_id}': {
    parameters: idParam,
    get: op('adminGetDelivery', 'One delivery with all its attempts', {
      responses: {
        '200': detailed,
        '400': errorResponse('Malformed id.', { badId: BAD_ID }),
        '404': errorResponse('Unknown delivery.', { notFound: NOT_FOUND }),
        ...GUARDED,
      },
    }),
  },
  '/admin/api/deliveries/{delivery_id}/redeliver': {
    parameters: idParam,
    post: op('adminRedeliverDelivery', 'Send any app’s past delivery again', {
      description: REDELIVER_DESCRIPTION,
      responses: {
        '202': queued,
        '400': errorResponse('Malformed id.', { badId: BAD_ID }),
        '404': errorResponse('Unknown delivery.', { notFound: NOT_FOUND }),
        '409': errorResponse('Cannot be sent again now.', CONFLICTS),
        ...GUARDED,
      },
    }),
  },
};
