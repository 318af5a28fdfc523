import {
  ADMIN_OPERATION_PARAMETERS,
  ADMIN_OPERATION_PATHS,
  ADMIN_OPERATION_SCHEMAS,
} from './openapi.admin-operations';
import { ADMIN_KEY_PATHS, ADMIN_KEY_SCHEMAS } from './openapi.admin-keys';
import { ADMIN_PARAMETERS, ADMIN_PATHS } from './openapi.admin-paths';
import { ADMIN_SCHEMAS } from './openapi.admin-schemas';
import { DELIVERY_PATHS, TAG_DELIVERIES } from './openapi.deliveries-paths';
import { DELIVERY_PARAMETERS, DELIVERY_SCHEMAS } from './openapi.deliveries-schemas';
import { HOOK_PATHS, HOOK_SCHEMAS, TAG_PUSH_HOOKS } from './openapi.hooks-paths';
import { PUBLIC_PARAMETERS, PUBLIC_PATHS } from './openapi.public-paths';
import { RESPONSE_HEADERS, SHARED_RESPONSES } from './openapi.responses';
import { PUBLIC_SCHEMAS } from './openapi.schemas';
import { OpenApiDocument } from './openapi.types';
import { WEBHOOK_BODIES, WEBHOOK_CALLBACKS, WEBHOOK_HEADERS } from './openapi.webhook-callbacks';
import { WEBHOOK_SCHEMAS } from './openapi.webhooks';

const DESCRIPTION = `Repository monitoring and notification service

Docora watches Git repositories and pushes every file change to the applications subscribed to them as signed
webhooks: \`POST {base_url}/delete\`, \`/create\`, \`/update\` (in that order per change set, one file per
webhook) and \`/sync_failed\` when a repository cannot be fetched. Payloads and headers are the \`Webhook*\`
schemas and parameters; they appear as the callbacks of \`POST /admin/api/apps/onboard\`.

**Authentication.** \`/api/*\`: \`Authorization: Bearer docora_<64 hex>\` (issued at onboarding).
\`/admin/api/*\`: the \`sessionId\` cookie set by \`POST /admin/api/login\`. \`/health*\`, \`/version\`,
\`/openapi.json\` and \`/docs\` are public.

**Errors.** Always \`{"error": "<message>", "code": "<CODE>"}\`, plus \`details\` for validation errors.
Unknown routes are 404 \`ROUTE_NOT_FOUND\`.

**Limits.** Every route but \`/health*\` and \`/version\` is counted per client address and per bearer token
(\`RATE_LIMIT_PER_MINUTE\`, default 100), with \`x-ratelimit-*\` headers; JSON bodies up to 1 MB. Push hooks
(\`/hooks/*\`, authenticated by their signatures) have their own per-address bucket (\`HOOK_RATE_LIMIT_PER_MINUTE\`,
default 600) and take bodies up to 5 MiB.

**Verifying a webhook.** Check \`X-Docora-Timestamp\` is within 300 s, then compare (constant time)
\`X-Docora-Signature\` with \`sha256=\` + hex HMAC-SHA256(client_auth_key, "<timestamp>.<raw body>"), or verify
the Standard Webhooks headers with the \`standardwebhooks\` library (raw key = client_auth_key's UTF-8 bytes).`;

/**
 * The OpenAPI 3.0.3 document served at /openapi.json, assembled from its parts. `/openapi.json` and `/docs`
 * themselves are left out, as in v1: they describe the API rather than being part of it.
 */
export function buildOpenApiDocument(version: string): OpenApiDocument {
  return {
    openapi: '3.0.3',
    info: { title: 'Docora API', description: DESCRIPTION, version, license: { name: 'MIT' } },
    tags: [
      { name: 'Repositories', description: "A client app's subscriptions (bearer token)." },
      { name: TAG_DELIVERIES, description: "A client app's delivery log and redelivery (bearer token)." },
      { name: 'Health', description: 'Probes and build information (public, never rate limited).' },
      { name: 'Admin', description: 'Operators and the admin web UI (session cookie).' },
      { name: TAG_PUSH_HOOKS, description: 'GitHub, Gitea and GitLab push notifications (signed).' },
    ],
    paths: {
      ...PUBLIC_PATHS,
      ...ADMIN_PATHS,
      ...ADMIN_OPERATION_PATHS,
      ...ADMIN_KEY_PATHS,
      ...DELIVERY_PATHS,
      ...HOOK_PATHS,
    },
    components: {
      schemas: {
        ...PUBLIC_SCHEMAS,
        ...ADMIN_SCHEMAS,
        ...ADMIN_OPERATION_SCHEMAS,
        ...ADMIN_KEY_SCHEMAS,
        ...DELIVERY_SCHEMAS,
        ...WEBHOOK_SCHEMAS,
        ...HOOK_SCHEMAS,
      },
      responses: SHARED_RESPONSES,
      parameters: {
        ...PUBLIC_PARAMETERS,
        ...ADMIN_PARAMETERS,
        ...ADMIN_OPERATION_PARAMETERS,
        ...DELIVERY_PARAMETERS,
        ...WEBHOOK_HEADERS,
      },
      requestBodies: WEBHOOK_BODIES,
      headers: RESPONSE_HEADERS,
      callbacks: WEBHOOK_CALLBACKS,
      securitySchemes: {
        // Opaque tokens, not JWTs (v1 declared bearerFormat "JWT" by mistake).
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'docora_<64 hex>',
          description: '`docora_` followed by 64 lowercase hex characters; shown once at onboarding.',
        },
        adminSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'sessionId',
          description: 'Set by `POST /admin/api/login`; HttpOnly, so browsers send it by themselves.',
        },
      },
    },
    // Each operation states its own requirement; this default keeps an undeclared route from looking public.
    security: [{ bearerAuth: [] }],
  };
}
