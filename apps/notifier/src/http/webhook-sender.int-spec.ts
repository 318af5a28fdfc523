import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SendTargetResolver } from './send-target';
import { WebhookSender } from './webhook-sender';

type Handler = (req: IncomingMessage, res: ServerResponse, socket: Socket) => void;

/** A bare local endpoint that counts connections and requests and answers with `handler`. */
async function endpoint(handler: Handler) {
  const stats = { connections: 0, requests: [] as { url: string; host?: string }[] };
  const server: Server = createServer((req, res) => {
    stats.requests.push({ url: req.url ?? '', host: req.headers.host });
    req.resume();
    req.on('end', () => handler(req, res, req.socket));
  });
  server.on('connection', () => stats.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    stats,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const HEADERS = { 'Content-Type': 'application/json' };

describe(WebhookSender.name, () => {
  const opened: { close(): Promise<void> }[] = [];
  const senders: WebhookSender[] = [];
  const sender = (allowPrivate = true, resolver?: SendTargetResolver) => {
    const s = new WebhookSender(resolver ?? new SendTargetResolver({ allowPrivate }));
    senders.push(s);
    return s;
  };
  const open = async (handler: Handler) => {
    const e = await endpoint(handler);
    opened.push(e);
    return e;
  };
  afterEach(async () => {
    senders.splice(0).forEach((s) => s.close());
    await Promise.all(opened.splice(0).map((e) => e.close()));
  });

  it('should succeed on a 2xx and keep an excerpt of the answer', async () => {
    const e = await open((_q, res) => res.writeHead(202).end('accepted'));
    const r = await sender().send(`${e.url}/create`, '{}', HEADERS, 5000);
    expect(r).toMatchObject({
      ok: true,
      statusCode: 202,
      error: null,
      excerpt: 'accepted',
      retryAfterMs: null,
    });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    expect(r.startedAt).toBeInstanceOf(Date);
  });

  it('should reuse one kept-alive connection for consecutive webhooks', async () => {
    const e = await open((_q, res) => res.end('ok'));
    const s = sender();
    for (let i = 0; i < 20; i++) {
      expect((await s.send(`${e.url}/create`, `{"i":${i}}`, HEADERS, 5000)).ok).toBe(true);
    }
    expect(e.stats.requests).toHaveLength(20);
    expect(e.stats.connections).toBe(1);
  });

  it('should not follow a redirect: a 3xx is a failure', async () => {
    const e = await open((q, res) =>
      q.url === '/moved' ? res.end('followed') : res.writeHead(302, { Location: '/moved' }).end(),
    );
    const r = await sender().send(`${e.url}/create`, '{}', HEADERS, 5000);
    expect(r).toMatchObject({ ok: false, statusCode: 302, error: 'HTTP 302: redirects are not followed' });
    expect(e.stats.requests.map((x) => x.url)).toEqual(['/create']);
  });

  it('should read Retry-After of a 429', async () => {
    const e = await open((_q, res) => res.writeHead(429, { 'Retry-After': '7' }).end('slow down'));
    const r = await sender().send(`${e.url}/create`, '{}', HEADERS, 5000);
    expect(r).toMatchObject({ ok: false, statusCode: 429, error: 'HTTP 429', retryAfterMs: 7000 });
  });

  it('should give up after the timeout when no status arrives', async () => {
    const e = await open(() => undefined); // never answers
    const r = await sender().send(`${e.url}/create`, '{}', HEADERS, 150);
    expect(r).toMatchObject({ ok: false, statusCode: null, error: 'timeout after 150 ms' });
  });

  it('should read at most 64 KiB of an answer and store 1 KiB of it', async () => {
    const e = await open((_q, res) => res.end('é'.repeat(4 * 1024 * 1024)));
    const r = await sender().send(`${e.url}/create`, '{}', HEADERS, 5000);
    expect(r.ok).toBe(true);
    expect(r.excerpt).toBe('é'.repeat(512));
  });

  it('should send again on a new connection when a kept-alive one turns out closed', async () => {
    // The server drops every connection's second request unanswered, as one whose keep-alive timeout just ran out.
    const perSocket = new WeakMap<Socket, number>();
    const e = await open((_q, res, socket) => {
      const n = (perSocket.get(socket) ?? 0) + 1;
      perSocket.set(socket, n);
      if (n === 2) {
        socket.destroy();
      } else {
        res.end('ok');
      }
    });
    const s = sender();
    expect((await s.send(`${e.url}/create`, '{"n":1}', HEADERS, 5000)).ok).toBe(true);
    expect(await s.send(`${e.url}/create`, '{"n":2}', HEADERS, 5000)).toMatchObject({
      ok: true,
      statusCode: 200,
    });
    expect(e.stats.connections).toBe(2);
  });

  it('should report a connection error, redacted', async () => {
    const e = await open((_q, res) => res.end());
    await e.close();
    const r = await sender().send(`${e.url}/create?token=secret`, '{}', HEADERS, 5000);
    expect(r.ok).toBe(false);
    expect(r.statusCode).toBeNull();
    expect(r.error).toMatch(/^ECONNREFUSED/);
    expect(r.error).not.toContain('secret');
  });

  describe('SSRF at send time', () => {
    it('should refuse a destination the policy forbids, without connecting', async () => {
      const lookup = jest.fn(() => Promise.resolve([{ address: '10.0.0.5', family: 4 }]));
      const s = sender(false, new SendTargetResolver({ allowPrivate: false, lookup }));
      expect(await s.send('https://hooks.example.test/create', '{}', HEADERS, 5000)).toMatchObject({
        ok: false,
        statusCode: null,
        error:
          'refused: Host name resolves to a private IP address (hooks.example.test → 10.0.0.5 is private)',
      });
      expect(await s.send('http://127.0.0.1:9/create', '{}', HEADERS, 5000)).toMatchObject({
        ok: false,
        error: 'refused: URL must use HTTPS',
      });
    });

    it('should refuse a name with any private address among its records', async () => {
      const lookup = jest.fn(() =>
        Promise.resolve([
          { address: '93.184.216.34', family: 4 },
          { address: '169.254.169.254', family: 4 },
        ]),
      );
      const s = sender(false, new SendTargetResolver({ allowPrivate: false, lookup }));
      const r = await s.send('https://hooks.example.test/create', '{}', HEADERS, 5000);
      expect(r.error).toMatch(/^refused: .*169\.254\.169\.254 is link-local/);
    });

    it('should connect to the address it resolved, not resolve again (no DNS rebinding)', async () => {
      const e = await open((_q, res) => res.end('ok'));
      // First answer: the local endpoint. Any later resolution would point elsewhere.
      const answers = ['127.0.0.1', '10.255.255.1'];
      const lookup = jest.fn(() =>
        Promise.resolve([{ address: answers.shift() ?? '10.255.255.1', family: 4 }]),
      );
      const s = sender(true, new SendTargetResolver({ allowPrivate: true, lookup, cacheTtlMs: 0 }));
      const r = await s.send(`http://hooks.example.test:${e.port}/create`, '{}', HEADERS, 2000);
      expect(r).toMatchObject({ ok: true, statusCode: 200 });
      expect(lookup).toHaveBeenCalledTimes(1);
      // Host (and, over TLS, SNI) still names the host, not the pinned address.
      expect(e.stats.requests[0].host).toBe(`hooks.example.test:${e.port}`);
    });
  });
});
