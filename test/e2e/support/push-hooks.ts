import { createHmac } from 'node:crypto';
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';

export interface HookReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
}

/** POST of exact bytes (the signature covers them), optionally from a given loopback address. */
export function post(
  base: string,
  path: string,
  raw: string | Buffer,
  headers: Record<string, string>,
  from = '127.0.0.1',
): Promise<HookReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method: 'POST',
        headers: { 'content-length': String(Buffer.byteLength(raw)), ...headers },
        localAddress: from,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}

export const hex = (secret: string, raw: string | Buffer) =>
  createHmac('sha256', secret).update(raw).digest('hex');
export const JSON_TYPE = { 'content-type': 'application/json' };
