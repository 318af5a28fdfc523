import type { DocoraTestEnv, OnboardedApp, ReceivedWebhook } from '@lib/testing';
import { Webhook } from 'standardwebhooks';

/**
 * Verifies a received webhook with the `standardwebhooks` library in raw-key mode: the key is the UTF-8 bytes of
 * client_auth_key (SPEC §4.2), handed to the library base64-encoded as it expects. Throws on a bad signature.
 */
export function verifyWithStandardWebhooks(key: string, h: ReceivedWebhook): void {
  new Webhook(Buffer.from(key, 'utf8').toString('base64')).verify(h.rawBody, {
    'webhook-id': h.headers['webhook-id'],
    'webhook-timestamp': h.headers['webhook-timestamp'],
    'webhook-signature': h.headers['webhook-signature'],
  });
}

/** The `standardwebhooks` package in raw-key mode (the key is the UTF-8 bytes of client_auth_key): true when the signature verifies. */
export function standardValid(key: string, w: ReceivedWebhook): boolean {
  try {
    new Webhook(Buffer.from(key, 'utf8'), { format: 'raw' }).verify(w.rawBody, {
      'webhook-id': w.headers['webhook-id'],
      'webhook-timestamp': w.headers['webhook-timestamp'],
      'webhook-signature': w.headers['webhook-signature'],
    });
    return true;
  } catch {
    return false; // a bad signature: the callers assert true or false
  }
}

/** `path` of a file webhook's body. */
export const pathOf = (h: ReceivedWebhook): string => (h.body as { file: { path: string } }).file.path;

export interface AttemptRow {
  delivery_id: string;
  path: string | null;
  attempt: number;
  webhook_id: string;
  success: boolean;
  status_code: number | null;
  response_excerpt: string | null;
  error: string | null;
  started_at: Date;
  duration_ms: number;
}

/** The app's delivery_attempts rows (with the delivery's path), in the order they were sent. */
export function attemptsOf(env: DocoraTestEnv, app: OnboardedApp): Promise<AttemptRow[]> {
  return env.query<AttemptRow>(
    `SELECT a.delivery_id, d.path, a.attempt, a.webhook_id, a.success, a.status_code, a.response_excerpt, a.error,
            a.started_at, a.duration_ms
       FROM delivery_attempts a JOIN deliveries d ON d.delivery_id = a.delivery_id
      WHERE a.app_id = $1 ORDER BY a.attempt_id`,
    [app.app_id],
  );
}

/** Registers `github_url` for the app and answers the repository id (expects 201). */
export async function watch(env: DocoraTestEnv, app: OnboardedApp, fullName: string): Promise<string> {
  const res = await env.registerRepository(app, { github_url: `${env.github.url}/${fullName}` });
  if (res.status !== 201) {
    throw new Error(`register ${fullName}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return (res.body as { repository_id: string }).repository_id;
}
