import { ErrorCode, MAX_BULK_REDELIVERY, RedeliveryMessages } from '@lib/contracts';
import { BULK_FILTER_REQUIRED } from '../deliveries/delivery-query';
import { BODY, GUARDED, op } from './openapi.admin-paths';
import {
  errorResponse,
  ErrorExample,
  limitedOk,
  MALFORMED_JSON,
  shared,
  validationExample,
} from './openapi.responses';
import { dataOf, pageOf } from './openapi.schemas';
import { json, PathItemObject, ref } from './openapi.types';

/** The delivery log and redelivery, public and admin: apps/gateway/src/deliveries, admin-deliveries.controller.ts. */
export const TAG_DELIVERIES = 'Deliveries';

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
