import type { IncomingMessage } from 'node:http';

/** Candidate tokens taken from an Authorization header; null when the request has none. */
export type Credentials = string[] | null;

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** Candidate tokens from `token X`, `Bearer X` or Basic (username and password); null when no header. */
export function parseCredentials(authorization: string | undefined): Credentials {
  if (!authorization) {
    return null;
  }
  const m = /^(\w+)\s+(.*)$/.exec(authorization.trim());
  if (!m) {
    return [];
  }
  const scheme = m[1].toLowerCase();
  if (scheme === 'token' || scheme === 'bearer') {
    return [m[2].trim()];
  }
  if (scheme !== 'basic') {
    return [];
  }
  const decoded = Buffer.from(m[2].trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  const parts = i < 0 ? [decoded] : [decoded.slice(0, i), decoded.slice(i + 1)];
  return parts.filter((p) => p.length > 0);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
