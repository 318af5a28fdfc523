import { createHmac } from 'node:crypto';
import { httpExchange, RawReply } from './raw-http';

export type HookReply = RawReply;

/** POST of exact bytes (the signature covers them), optionally from a given loopback address. */
export function post(
  base: string,
  path: string,
  raw: string | Buffer,
  headers: Record<string, string>,
  from = '127.0.0.1',
): Promise<HookReply> {
  return httpExchange(
    `${base}${path}`,
    {
      method: 'POST',
      headers: { 'content-length': String(Buffer.byteLength(raw)), ...headers },
      localAddress: from,
    },
    raw,
  );
}

export const hex = (secret: string, raw: string | Buffer) =>
  createHmac('sha256', secret).update(raw).digest('hex');
export const JSON_TYPE = { 'content-type': 'application/json' };
