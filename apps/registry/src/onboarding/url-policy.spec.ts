import { AppError } from '@lib/contracts';
import { assertSafeBaseUrl, isPrivateAddress } from './url-policy';

describe('assertSafeBaseUrl', () => {
  it('should accept a public https URL', () => {
    expect(() => assertSafeBaseUrl('https://hooks.example.com/docora', false)).not.toThrow();
  });

  it.each([
    ['http://hooks.example.com', 'URL must use HTTPS'],
    ['https://localhost/x', 'Localhost URLs are not allowed'],
    ['https://localhost./x', 'Localhost URLs are not allowed'],
    ['https://127.0.0.1/x', 'Private IP addresses are not allowed'],
    ['https://[::1]/x', 'Private IP addresses are not allowed'],
    ['https://[::ffff:127.0.0.1]/x', 'Private IP addresses are not allowed'],
    ['https://10.1.2.3/x', 'Private IP addresses are not allowed'],
    ['https://100.64.0.1/x', 'Private IP addresses are not allowed'],
    ['https://169.254.169.254/x', 'Private IP addresses are not allowed'],
    ['https://[fd00::1]/x', 'Private IP addresses are not allowed'],
    ['https://u:p@example.com/x', 'URL must not contain credentials'],
  ])('should refuse %s', (url, reason) => {
    expect(() => assertSafeBaseUrl(url, false)).toThrow(
      new AppError(AppError.prototype.code, reason).message,
    );
  });

  it('should allow http and loopback with ALLOW_PRIVATE_URLS', () => {
    expect(() => assertSafeBaseUrl('http://127.0.0.1:8080/hook', true)).not.toThrow();
  });
});

describe('isPrivateAddress', () => {
  it.each(['8.8.8.8', '2606:4700::1111', '172.32.0.1'])('should treat %s as public', (ip) =>
    expect(isPrivateAddress(ip)).toBe(false),
  );
  it.each(['0.1.2.3', '172.16.0.1', '192.168.1.1', '224.0.0.1', 'fe80::1', '::'])(
    'should treat %s as private',
    (ip) => expect(isPrivateAddress(ip)).toBe(true),
  );
});
