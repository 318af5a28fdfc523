import { IncomingHttpHeaders, IncomingMessage, request as httpRequest, RequestOptions } from 'node:http';
import { connect } from 'node:net';

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the body is JSON, else the text; null for an empty body. */
  body: any;
  text: string;
}

export interface RawOptions {
  headers?: Record<string, string | string[]>;
  /** An object is sent as JSON with `Content-Type: application/json`; a string or Buffer is sent as is. */
  body?: unknown;
  /** Local address to speak from (a fresh 127.x.y.z gives a fresh rate-limit bucket). */
  from?: string;
}

/** The body as JSON when it parses, else the text; null when empty. */
function parseBody(text: string): unknown {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text; // not JSON
  }
}

/** A request body as sent: a string or Buffer as is, anything else as JSON; undefined for no body. */
export function bodyBytes(body: unknown): string | Buffer | undefined {
  return body === undefined
    ? undefined
    : typeof body === 'string' || Buffer.isBuffer(body)
      ? body
      : JSON.stringify(body);
}

/**
 * Sends one request through node:http (to `url` when given, else where `options` say) with `raw` as its body, and
 * collects the whole reply.
 */
export function httpExchange(
  url: string | undefined,
  options: RequestOptions,
  raw?: string | Buffer,
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const onReply = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parseBody(text), text });
      });
      res.on('error', reject);
    };
    const req = url === undefined ? httpRequest(options, onReply) : httpRequest(url, options, onReply);
    req.on('error', reject);
    req.end(raw);
  });
}

/**
 * One HTTP request with the path sent byte for byte. `fetch` normalises URLs (`..`, `%2e%2e`, spaces), so path
 * tricks would never reach the server through it; node:http sends the request line as given.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  opts: RawOptions = {},
): Promise<RawReply> {
  const raw = bodyBytes(opts.body);
  const base = new URL(baseUrl);
  const headers: Record<string, string | string[]> = {
    ...(raw !== undefined && typeof opts.body !== 'string' && !Buffer.isBuffer(opts.body)
      ? { 'content-type': 'application/json' }
      : {}),
    ...(raw !== undefined ? { 'content-length': String(Buffer.byteLength(raw)) } : {}),
    ...opts.headers,
  };
  return httpExchange(
    undefined,
    {
      host: base.hostname,
      port: base.port,
      method,
      path,
      headers,
      localAddress: opts.from,
      // Header values are validated by the client by default; tests of malformed headers need them sent as is.
      insecureHTTPParser: true,
    },
    raw,
  );
}

/**
 * Sends bytes exactly as given on a fresh TCP connection and parses the reply: for requests that node:http
 * refuses to send at all (control characters in a header, oversized request lines).
 */
export function rawExchange(baseUrl: string, bytes: string | Buffer): Promise<RawReply> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: base.hostname, port: Number(base.port) }, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const split = all.indexOf('\r\n\r\n');
      const head = split === -1 ? all : all.slice(0, split);
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: IncomingHttpHeaders = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      // Still one char per byte here, so chunk sizes count right; UTF-8 decoding comes last.
      let bytes = split === -1 ? '' : all.slice(split + 4);
      if (/chunked/i.test(String(headers['transfer-encoding'] ?? ''))) {
        bytes = dechunk(bytes);
      }
      const text = Buffer.from(bytes, 'latin1').toString('utf8');
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: parseBody(text), text });
    });
  });
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) {
      return out;
    }
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}
