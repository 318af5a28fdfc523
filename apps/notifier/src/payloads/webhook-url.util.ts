import type { WebhookEndpoint } from './payload.types';

/** `${base}/${endpoint}`; unlike v1, a base_url ending in `/` does not produce `//` (SPEC §4.1). */
export function webhookUrl(baseUrl: string, endpoint: WebhookEndpoint): string {
  return `${baseUrl.replace(/\/+$/, '')}/${endpoint}`;
}
