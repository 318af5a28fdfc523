import {
  DELIVERY_EVENTS,
  DELIVERY_ID_PATTERN,
  DELIVERY_STATUSES,
  MAX_BULK_REDELIVERY,
  REDELIVERABLE_STATUSES,
} from '@lib/contracts';
import { queryParam } from './openapi.admin-paths';
import { EXAMPLE } from './openapi.examples';
import { APP_ID, REPOSITORY_ID } from './openapi.schemas';
import { ParameterObject, ref, SchemaObject } from './openapi.types';

/** Schemas and parameters of the delivery log (openapi.deliveries-paths.ts): docs/DELIVERY-LOG-API.md shapes. */

const DELIVERY_ID: SchemaObject = {
  type: 'string',
  pattern: DELIVERY_ID_PATTERN.source,
  example: EXAMPLE.deliveryId,
};
const TIME: SchemaObject = { type: 'string', format: 'date-time', example: EXAMPLE.timestamp };
const NULLABLE_TIME: SchemaObject = { ...TIME, nullable: true };

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
