import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** Last path segment: create | update | delete | sync_failed (whatever the sender used). */
  event: string;
  path: string;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  body: unknown;
  /** `X-Docora-Signature` matches the v1 formula with the current key. */
  signatureValid: boolean;
  /** Standard Webhooks `webhook-signature` verified with the key's UTF-8 bytes; null when the header is absent. */
  standardSignatureValid: boolean | null;
  /** Status the receiver answered (or is about to answer, while a scripted delay runs). */
  status: number;
  receivedAt: number;
}

export interface WebhookResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait before answering; use a large value to simulate a hanging endpoint (stop() cuts it). */
  delayMs?: number;
}

export type WebhookResponder = (req: ReceivedWebhook) => WebhookResponse | Promise<WebhookResponse>;

export interface WebhookReceiverOptions {
  key: string;
  /** Base path of `url`, default '/'. */
  path?: string;
  /** Answer 401 to requests with an invalid v1 signature (default false: record and answer normally). */
  rejectInvalid?: boolean;
}

const MAX_BODY = 16 * 1024 * 1024;
const OK: WebhookResponse = {
  status: 200,
  headers: { 'Content-Type': 'application/json' },
  body: '{"ok":true}',
};

/** v1 signature check, written from docora-v1.md §4.2 on purpose (independent of the code under test). */
export function verifyV1Signature(
  key: string,
  timestamp: string | undefined,
  raw: Buffer,
  header?: string,
): boolean {
  if (!timestamp || !header?.startsWith('sha256=')) {
    return false;
  }
  const expected = createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), raw]))
    .digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Standard Webhooks check (SPEC §4.2): any `v1,<base64>` in the space-separated list matches. */
export function verifyStandardSignature(
  key: string,
  id: string | undefined,
  timestamp: string | undefined,
  raw: Buffer,
  header?: string,
): boolean {
  if (!id || !timestamp || !header) {
    return false;
  }
  const expected = createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), raw]))
    .digest();
  return header.split(' ').some((sig) => {
    if (!sig.startsWith('v1,')) {
      return false;
    }
    const given = Buffer.from(sig.slice(3), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** A real HTTP endpoint standing in for a client app: records, verifies and answers Docora's webhooks. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private responder: WebhookResponder = () => OK;
  // Pending scripted delays; stop() releases them so no handler stays pending after the test.
  private readonly delays = new Map<NodeJS.Timeout, () => void>();
  private open = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private key: string,
    private readonly rejectInvalid: boolean,
  ) {}

  static async start(opts: WebhookReceiverOptions): Promise<WebhookReceiver> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const base = (opts.path ?? '/').replace(/\/+$/, '');
    const prefixed = base === '' || base.startsWith('/') ? base : `/${base}`;
    const receiver = new WebhookReceiver(
      server,
      `http://127.0.0.1:${port}${prefixed}`,
      opts.key,
      opts.rejectInvalid ?? false,
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      receiver.handle(req, res).catch(() => {
        if (!res.headersSent) {
          res.writeHead(500);
        }
        res.end();
      });
    });
    return receiver;
  }

  setKey(key: string): void {
    this.key = key;
  }

  /** Scripts the answers (failures, 429 + Retry-After, delays); the default answers 200 {"ok":true}. */
  setResponder(fn: WebhookResponder): void {
    this.responder = fn;
  }

  /** Back to the default 200 {"ok":true}. */
  resetResponder(): void {
    this.responder = () => OK;
  }

  /**
   * Requests received and not yet answered whose connection is still open: a sender still waiting on this
   * endpoint (a request the sender gave up on, or whose process died, no longer counts).
   */
  get inFlight(): number {
    return this.open;
  }

  /** Answers every request held by a scripted delay now (e.g. to end a hanging-endpoint scenario quickly). */
  releaseHeld(): void {
    for (const [t, release] of this.delays) {
      clearTimeout(t);
      release();
    }
    this.delays.clear();
  }

  byEvent(event: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.event === event);
  }

  clear(): void {
    this.received.length = 0;
  }

  /** Polls until `predicate(received)` holds; the rejection lists everything received so far. */
  async waitFor(
    predicate: (all: ReceivedWebhook[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (predicate(this.received)) {
        return [...this.received];
      }
      if (Date.now() > deadline) {
        const lines = this.received.map(
          (r, i) =>
            `  #${i} ${r.status} ${r.path} sig=${r.signatureValid} ${r.rawBody.length > 300 ? r.rawBody.slice(0, 300) + '…' : r.rawBody}`,
        );
        throw new Error(
          `WebhookReceiver.waitFor timed out after ${timeoutMs} ms; received ${this.received.length}:\n${lines.join('\n')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  waitForCount(n: number, timeoutMs = 10_000): Promise<ReceivedWebhook[]> {
    return this.waitFor((all) => all.length >= n, timeoutMs);
  }

  async stop(): Promise<void> {
    this.releaseHeld();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections(); // includes requests held open by a scripted delay
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    this.open++;
    res.once('close', () => this.open--); // answered, or the connection went away

    const path = (req.url ?? '/').split('?')[0];
    const raw = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) {
        headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
    }
    const rawBody = raw === null ? '' : raw.toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const buf = raw ?? Buffer.alloc(0);
    const rec: ReceivedWebhook = {
      event: path.split('/').filter(Boolean).pop() ?? '',
      path,
      headers,
      rawBody,
      body,
      signatureValid: verifyV1Signature(
        this.key,
        headers['x-docora-timestamp'],
        buf,
        headers['x-docora-signature'],
      ),
      standardSignatureValid:
        headers['webhook-signature'] === undefined
          ? null
          : verifyStandardSignature(
              this.key,
              headers['webhook-id'],
              headers['webhook-timestamp'],
              buf,
              headers['webhook-signature'],
            ),
      status: 0,
      receivedAt: Date.now(),
    };
    let answer: WebhookResponse;
    if (raw === null) {
      answer = { status: 413, body: 'Payload Too Large' };
    } else if (this.rejectInvalid && !rec.signatureValid) {
      answer = { status: 401, body: 'invalid signature' };
    } else {
      answer = await this.responder(rec);
    }
    rec.status = answer.status;
    this.received.push(rec);
    if (answer.delayMs) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.delays.delete(t);
          resolve();
        }, answer.delayMs);
        this.delays.set(t, resolve);
      });
    }
    if (res.destroyed) {
      return;
    }
    res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
  }
}

/** The body, or null when it exceeds 16 MiB (the rest is drained so the 413 can still be sent). */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) {
        chunks.push(c);
      }
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
