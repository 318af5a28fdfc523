import { docoraVersion } from '@lib/config';
import { WebhookSigner } from '@lib/signing';
import { SendResult } from '../http/webhook-sender';
import { WebhookEndpoint } from '../payloads';
import { AttemptRecord } from './delivery-outcomes.repository';

/** Same version as GET /version (package.json). */
export const USER_AGENT = `Docora/${docoraVersion()}`;

export interface WebhookMessage {
  appId: string;
  event: WebhookEndpoint;
  /** The delivery id, or the chunk's own id: `webhook-id` and `X-Docora-Delivery`. */
  webhookId: string;
  attempt: number;
  body: string;
  /** The app's client_auth_keys: the current one first, then the replaced one during a rotation's grace period. */
  keys: string[];
}

/** SPEC §4.2: v1's headers, Standard Webhooks' headers and Docora's own, signed at send time. */
export function webhookHeaders(signer: WebhookSigner, m: WebhookMessage): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': USER_AGENT,
    'X-Docora-App-Id': m.appId,
    'X-Docora-Event': m.event,
    'X-Docora-Delivery': m.webhookId,
    'X-Docora-Attempt': String(m.attempt),
    ...signer.sign({
      body: m.body,
      timestampSeconds: Math.floor(Date.now() / 1000),
      deliveryId: m.webhookId,
      keys: m.keys,
    }),
  };
}

/** The attempt log's row for one request. */
export function attemptRecord(
  r: SendResult,
  attempt: number,
  chunkIndex: number,
  chunkTotal: number,
  webhookId: string,
): AttemptRecord {
  return {
    attempt,
    chunkIndex,
    chunkTotal,
    webhookId,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    success: r.ok,
    statusCode: r.statusCode,
    excerpt: r.excerpt,
    error: r.error,
  };
}
