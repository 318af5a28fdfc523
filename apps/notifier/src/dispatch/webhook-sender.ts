import { Injectable } from '@nestjs/common';
import got, { RequestError } from 'got';

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  retryAfterMs: number | null;
}

/** One HTTP POST of one webhook body: 2xx within the timeout is success; redirects are not followed. */
@Injectable()
export class WebhookSender {
  async send(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<SendResult> {
    try {
      const res = await got.post(url, {
        body,
        headers,
        followRedirect: false,
        throwHttpErrors: false,
        retry: { limit: 0 },
        timeout: { request: timeoutMs },
        responseType: 'buffer',
        decompress: false,
      });
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      return {
        ok,
        statusCode: res.statusCode,
        error: ok ? null : `HTTP ${res.statusCode}`,
        retryAfterMs: retryAfter(res.headers['retry-after']),
      };
    } catch (e) {
      const err = e as RequestError;
      return {
        ok: false,
        statusCode: null,
        error: `${err.code ?? 'ERROR'}: ${err.message}`.slice(0, 500),
        retryAfterMs: null,
      };
    }
  }
}

function retryAfter(header: string | string[] | undefined): number | null {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) {
    return null;
  }
  if (/^\d+$/.test(v.trim())) {
    return Number(v) * 1000;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - Date.now());
}
