import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { parseRetryAfter } from '../retries/retry-policy';
import { redactError, responseExcerpt } from './attempt-text.util';
import { RefusedTargetError, SendTarget, SendTargetResolver } from './send-target';

export interface SendResult {
  /** A 2xx within the timeout. */
  ok: boolean;
  statusCode: number | null;
  /** Redacted; null on success. */
  error: string | null;
  retryAfterMs: number | null;
  excerpt: string | null;
  startedAt: Date;
  durationMs: number;
}

/** Response bytes read at most: only an excerpt is kept, and an endpoint must not make Docora buffer megabytes. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

interface Answer {
  statusCode: number | null;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  error: string | null;
  /** A kept-alive socket the server had already closed: nothing reached it, one retry on a new socket is safe. */
  staleSocket: boolean;
}

/**
 * One HTTP POST of one webhook body (SPEC §4.3): 2xx within the timeout is success, redirects are not followed
 * (a 3xx is a failure), the destination is re-checked against the SSRF policy and the connection pinned to the
 * checked address. Keep-alive agents reuse connections, so a lane sending to one endpoint does not pay a TCP (and
 * TLS) handshake per webhook.
 */
export class WebhookSender {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxFreeSockets: 64, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, maxFreeSockets: 64, scheduling: 'lifo' }),
  };

  constructor(private readonly targets: SendTargetResolver) {}

  async send(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<SendResult> {
    const startedAt = new Date();
    const t0 = performance.now();
    const done = (a: Omit<SendResult, 'startedAt' | 'durationMs'>): SendResult => ({
      ...a,
      startedAt,
      durationMs: Math.round(performance.now() - t0),
    });
    let target: SendTarget;
    try {
      target = await this.targets.resolve(url);
    } catch (e) {
      const reason = e instanceof RefusedTargetError ? e.message : 'could not resolve the endpoint';
      return done({
        ok: false,
        statusCode: null,
        error: `refused: ${reason}`,
        retryAfterMs: null,
        excerpt: null,
      });
    }
    const payload = Buffer.from(body, 'utf8');
    let answer = await this.post(target, payload, headers, timeoutMs, true);
    if (answer.staleSocket) {
      answer = await this.post(target, payload, headers, timeoutMs - (performance.now() - t0), false);
    }
    const status = answer.statusCode;
    const ok = status !== null && status >= 200 && status < 300 && answer.error === null;
    let error = answer.error;
    if (!error && !ok && status !== null) {
      error = status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`;
    }
    return done({
      ok,
      statusCode: status,
      error: error && redactError(error),
      retryAfterMs: parseRetryAfter(answer.headers['retry-after']),
      excerpt: responseExcerpt(answer.body),
    });
  }

  /** Stops reusing idle connections (shutdown). */
  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }

  private post(
    target: SendTarget,
    payload: Buffer,
    headers: Record<string, string>,
    timeoutMs: number,
    pooled: boolean,
  ): Promise<Answer> {
    const secure = target.url.protocol === 'https:';
    return new Promise<Answer>((resolve) => {
      let settled = false;
      let statusCode: number | null = null;
      let resHeaders: http.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (error: string | null, staleSocket = false) => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve({ statusCode, headers: resHeaders, body: Buffer.concat(chunks), error, staleSocket });
      };
      const req: ClientRequest = (secure ? https : http).request(target.url, {
        method: 'POST',
        agent: pooled ? this.agents[secure ? 'https:' : 'http:'] : false,
        headers: { ...headers, 'Content-Length': String(payload.length) },
        lookup: target.lookup,
      });
      const timer = setTimeout(
        () => {
          // Status received in time is the answer; only a missing status is a timeout.
          finish(statusCode === null ? `timeout after ${Math.round(timeoutMs)} ms` : null);
          req.destroy();
        },
        Math.max(1, timeoutMs),
      );
      req.on('response', (res: IncomingMessage) => {
        statusCode = res.statusCode ?? null;
        resHeaders = res.headers;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_RESPONSE_BYTES) {
            chunks.push(c);
          } else {
            finish(null);
            res.destroy(); // more than we will ever store: drop the connection rather than read on
          }
        });
        res.on('end', () => finish(null));
        res.on('error', () => finish(null));
        res.on('aborted', () => finish(null));
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        const stale = pooled && req.reusedSocket && statusCode === null && e.code === 'ECONNRESET';
        finish(`${e.code ?? 'ERROR'}: ${e.message}`, stale);
      });
      req.end(payload);
    });
  }
}
