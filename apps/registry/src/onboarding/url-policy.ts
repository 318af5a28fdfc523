import { AppError, ErrorCode } from '@lib/contracts';
import { isIP } from 'node:net';

/**
 * First line of the SSRF defence for `base_url`: https only and no literal loopback/private host, unless
 * ALLOW_PRIVATE_URLS (local receivers, tests). The send-time check against resolved addresses comes with the
 * delivery engine.
 */
export function assertSafeBaseUrl(baseUrl: string, allowPrivate: boolean): void {
  const url = new URL(baseUrl);
  if (url.username || url.password) {
    throw new AppError(ErrorCode.UnsafeUrl, 'URL must not contain credentials');
  }
  if (allowPrivate) {
    return;
  }
  if (url.protocol !== 'https:') {
    throw new AppError(ErrorCode.UnsafeUrl, 'URL must use HTTPS');
  }
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new AppError(ErrorCode.UnsafeUrl, 'Localhost URLs are not allowed');
  }
  if (isIP(host) && isPrivateAddress(host)) {
    throw new AppError(ErrorCode.UnsafeUrl, 'Private IP addresses are not allowed');
  }
}

export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  const v6 = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) {
    return isPrivateAddress(mapped[1]);
  }
  if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(v6)) {
    return true;
  }
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || /^ff/.test(v6);
}
