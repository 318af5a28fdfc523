import { ErrorCode, MAX_KEY_GRACE_SECONDS } from '@lib/contracts';
import { BODY, GUARDED, op } from './openapi.admin-paths';
import { EXAMPLE } from './openapi.examples';
import { errorResponse, limitedOk, MALFORMED_JSON, validationExample } from './openapi.responses';
import { APP_ID, dataOf } from './openapi.schemas';
import { json, PathItemObject, ref, SchemaObject } from './openapi.types';

/** Rotation of an app's client_auth_key with a grace period: apps/gateway/src/admin/admin-app-maintenance.controller.ts. */

export const ADMIN_KEY_SCHEMAS: Record<string, SchemaObject> = {
  RotateClientKey: {
    type: 'object',
    required: ['client_auth_key'],
    additionalProperties: false,
    properties: {
      client_auth_key: { type: 'string', minLength: 16, maxLength: 500, description: 'The new key.' },
      grace_seconds: {
        type: 'integer',
        minimum: 0,
        maximum: MAX_KEY_GRACE_SECONDS,
        default: 86400,
        description: 'How long the replaced key keeps signing beside the new one (0: stops at once).',
      },
    },
    example: { client_auth_key: 'a-new-secret-of-16+-chars', grace_seconds: 3600 },
  },
  RotatedClientKey: {
    type: 'object',
    required: ['app_id', 'rotated_at', 'previous_key_expires_at'],
    properties: {
      app_id: APP_ID,
      rotated_at: { type: 'string', format: 'date-time' },
      previous_key_expires_at: {
        type: 'string',
        format: 'date-time',
        nullable: true,
        description: 'Until when the replaced key also signs; null with a grace of 0.',
      },
    },
  },
};

export const ADMIN_KEY_PATHS: Record<string, PathItemObject> = {
  '/admin/api/apps/{appId}/client-key': {
    parameters: [ref('parameters', 'AppId')],
    post: op('rotateClientKey', "Rotate an app's client_auth_key with a grace period", {
      description:
        'From now on `X-Docora-Signature` and the first `webhook-signature` use the new key. Until ' +
        '`previous_key_expires_at` the replaced key adds a second, space-separated `webhook-signature` value, ' +
        'so a receiver still holding it keeps verifying (Standard Webhooks accepts any listed signature). A ' +
        'rotation during a grace period ends the older key at once.',
      requestBody: { required: true, content: json(ref('schemas', 'RotateClientKey')) },
      responses: {
        '200': limitedOk('Rotated.', dataOf(ref('schemas', 'RotatedClientKey')), {
          data: {
            app_id: EXAMPLE.appId,
            rotated_at: '2026-11-29T12:00:00.000Z',
            previous_key_expires_at: '2026-11-29T13:00:00.000Z',
          },
        }),
        '400': errorResponse('Invalid body.', {
          short: validationExample('body/client_auth_key Auth key must be between 16 and 500 characters'),
          malformed: MALFORMED_JSON,
        }),
        '404': errorResponse('Unknown app.', {
          notFound: { code: ErrorCode.NotFound, error: 'App not found' },
        }),
        '409': errorResponse('The key given is the current one.', {
          same: { code: ErrorCode.Conflict, error: 'The new client_auth_key is the current one' },
        }),
        ...GUARDED,
        ...BODY,
      },
    }),
  },
};
