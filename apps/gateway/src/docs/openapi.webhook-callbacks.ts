import {
  EXAMPLE,
  EXAMPLE_BINARY_FILE,
  EXAMPLE_CHUNKED_FILE,
  EXAMPLE_REPOSITORY,
  EXAMPLE_TAIL,
  EXAMPLE_TEXT_FILE,
} from './openapi.examples';
import {
  json,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ref,
  RequestBodyObject,
  SchemaObject,
} from './openapi.types';

/**
 * Outbound webhooks as OpenAPI 3.0.3 can say them: callbacks of the onboarding operation (whose body carries the
 * `base_url` they go to), with their headers as parameters and their bodies as request bodies. Sending:
 * apps/notifier/src/dispatch/lane-worker.ts and @lib/signing's WebhookSigner.
 */

function header(name: string, description: string, schema: SchemaObject, example: unknown): ParameterObject {
  return { name, in: 'header', required: true, description, schema, example };
}

/** Request headers of every webhook (SPEC §4.2). */
export const WEBHOOK_HEADERS: Record<string, ParameterObject> = {
  WebhookAppId: header('X-Docora-App-Id', 'The receiving app.', { type: 'string' }, EXAMPLE.appId),
  WebhookDocoraTimestamp: header(
    'X-Docora-Timestamp',
    'Unix seconds at sending; reject values more than 300 s from your clock.',
    { type: 'string', pattern: '^[0-9]+$' },
    EXAMPLE.unixSeconds,
  ),
  WebhookDocoraSignature: header(
    'X-Docora-Signature',
    '`sha256=` + hex HMAC-SHA256(client_auth_key, "<X-Docora-Timestamp>.<raw body>") with the current key.',
    { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
    `sha256=${EXAMPLE.fileSha}`,
  ),
  WebhookId: header(
    'webhook-id',
    'Standard Webhooks message id: the delivery id, stable across retries.',
    { type: 'string' },
    EXAMPLE.deliveryId,
  ),
  WebhookTimestamp: header(
    'webhook-timestamp',
    'Standard Webhooks timestamp (Unix seconds).',
    { type: 'string' },
    EXAMPLE.unixSeconds,
  ),
  WebhookSignature: header(
    'webhook-signature',
    '`v1,` + base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>"), key = the UTF-8 bytes of ' +
      'client_auth_key; during a key rotation one signature per key, space-separated.',
    { type: 'string' },
    'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  ),
  WebhookEvent: header(
    'X-Docora-Event',
    'The endpoint: create, update, delete or sync_failed.',
    { type: 'string', enum: ['create', 'update', 'delete', 'sync_failed'] },
    'create',
  ),
  WebhookDelivery: header(
    'X-Docora-Delivery',
    'Equal to `webhook-id`.',
    { type: 'string' },
    EXAMPLE.deliveryId,
  ),
  WebhookAttempt: header(
    'X-Docora-Attempt',
    '1 for the first attempt, then 2, 3, …',
    { type: 'string', pattern: '^[1-9][0-9]*$' },
    '1',
  ),
  WebhookUserAgent: header('User-Agent', '`Docora/<version>`.', { type: 'string' }, 'Docora/2.0.0'),
};

export const WEBHOOK_BODIES: Record<string, RequestBodyObject> = {
  WebhookCreate: {
    required: true,
    content: {
      'application/json': {
        schema: ref('schemas', 'WebhookCreate'),
        examples: {
          text: { value: { repository: EXAMPLE_REPOSITORY, file: EXAMPLE_TEXT_FILE, ...EXAMPLE_TAIL } },
          binary: { value: { repository: EXAMPLE_REPOSITORY, file: EXAMPLE_BINARY_FILE, ...EXAMPLE_TAIL } },
          chunk: {
            summary: 'First of 4 chunks',
            value: { repository: EXAMPLE_REPOSITORY, file: EXAMPLE_CHUNKED_FILE, ...EXAMPLE_TAIL },
          },
        },
      },
    },
  },
  WebhookUpdate: { required: true, content: json(ref('schemas', 'WebhookUpdate')) },
  WebhookDelete: { required: true, content: json(ref('schemas', 'WebhookDelete')) },
  WebhookSyncFailed: { required: true, content: json(ref('schemas', 'WebhookSyncFailed')) },
};

function webhook(event: string, body: string, description: string, timeout: string): OperationObject {
  return {
    operationId: `webhook_${event}`,
    summary: `${event} webhook`,
    description: `${description} Acknowledge with any 2xx within ${timeout}; redirects are not followed.`,
    security: [],
    parameters: Object.keys(WEBHOOK_HEADERS).map((name) => ref('parameters', name)),
    requestBody: ref('requestBodies', body),
    responses: {
      '2XX': { description: 'Acknowledged: never sent again by a retry.' },
      '410': { description: "Gone: the app's deliveries pause at once until an admin resumes them." },
      default: {
        description:
          'Anything else (or no answer) is retried per `DELIVERY_RETRY_SCHEDULE` (±20 % jitter; `Retry-After` ' +
          'honoured on 429/503). Once retries are exhausted the subscription becomes `failed`.',
      },
    },
  };
}

/** Per (app, repository): change sets in commit order; within one, deletes, creates, updates, each by path. */
export const WEBHOOK_CALLBACKS: Record<string, Record<string, PathItemObject>> = {
  Webhooks: {
    '{$request.body#/base_url}/create': {
      post: webhook(
        'create',
        'WebhookCreate',
        'A file appeared (or the app is receiving a snapshot).',
        '30 s',
      ),
    },
    '{$request.body#/base_url}/update': {
      post: webhook('update', 'WebhookUpdate', "A file's content changed.", '30 s'),
    },
    '{$request.body#/base_url}/delete': {
      post: webhook(
        'delete',
        'WebhookDelete',
        'A file disappeared (a rename is a delete plus a create).',
        '30 s',
      ),
    },
    '{$request.body#/base_url}/sync_failed': {
      post: webhook('sync_failed', 'WebhookSyncFailed', "The repository's git circuit opened.", '10 s'),
    },
  },
};
