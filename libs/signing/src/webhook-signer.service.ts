import { createHmac } from 'node:crypto';

export interface WebhookSignInput {
  /** The exact request body, byte for byte as sent. */
  body: string;
  timestampSeconds: number;
  /** Delivery id, stable across retries of the same message (Standard Webhooks `webhook-id`). */
  deliveryId: string;
  /** Client auth keys, current first; two during a rotation's grace period. */
  keys: string[];
}

export type WebhookSignatureHeaders = Record<string, string>;

/**
 * Signs outbound webhooks twice (SPEC §4.2):
 * - v1: `X-Docora-Signature: sha256=<hex HMAC-SHA256(key, "<ts>.<body>")>` with the current key only, so existing
 *   receivers keep working;
 * - Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<ts>.<body>")>` for every key,
 *   space-separated, current first, so a receiver still holding the old key verifies during a rotation.
 * Keys are used as their UTF-8 bytes (the `standardwebhooks` library's raw-key mode), never base64-decoded.
 */
export class WebhookSigner {
  sign(input: WebhookSignInput): WebhookSignatureHeaders {
    const { body, timestampSeconds, deliveryId, keys } = input;
    if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
      throw new Error('timestampSeconds must be a non-negative integer (Unix seconds)');
    }
    // Standard Webhooks separates signatures with spaces and the signed content with dots; an id containing
    // either would make the headers ambiguous.
    if (!deliveryId || /[\s,]/.test(deliveryId)) {
      throw new Error('deliveryId must be a non-empty string without whitespace or commas');
    }
    if (keys.length === 0 || keys.some((k) => typeof k !== 'string' || k.length === 0)) {
      throw new Error('at least one non-empty client auth key is required to sign a webhook');
    }
    const ts = String(timestampSeconds);
    const legacy = createHmac('sha256', Buffer.from(keys[0], 'utf8'))
      .update(`${ts}.${body}`, 'utf8')
      .digest('hex');
    const standardContent = `${deliveryId}.${ts}.${body}`;
    const standard = keys.map(
      (key) =>
        `v1,${createHmac('sha256', Buffer.from(key, 'utf8')).update(standardContent, 'utf8').digest('base64')}`,
    );
    return {
      'X-Docora-Timestamp': ts,
      'X-Docora-Signature': `sha256=${legacy}`,
      'webhook-id': deliveryId,
      'webhook-timestamp': ts,
      'webhook-signature': standard.join(' '),
    };
  }
}
