import { AppError, ErrorCode } from '@lib/contracts';
import type { HostLookup } from '@lib/platform';
import { assertSafeBaseUrl } from './url-policy';

/** A resolver with a fixed zone, so DNS answers are part of the test and the machine's resolver is never asked. */
function zone(records: Record<string, string[]>): HostLookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = (host: string) => {
    asked.push(host);
    const found = records[host];
    return found
      ? Promise.resolve(found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })))
      : Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
  };
  return Object.assign(lookup, { asked });
}

const dns = zone({
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'internal.example.com': ['10.0.0.5'],
  'mixed.example.com': ['93.184.215.14', '127.0.0.1'],
  'metadata.example.com': ['169.254.169.254'],
  'v6-ula.example.com': ['fd12::1'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'cgnat.example.com': ['100.64.1.1'],
});

async function refusal(url: string, allowPrivate = false): Promise<AppError> {
  try {
    await assertSafeBaseUrl(url, allowPrivate, dns);
  } catch (e) {
    return e as AppError;
  }
  throw new Error(`${url} was accepted`);
}

describe('assertSafeBaseUrl', () => {
  it('should accept a public https URL whose name resolves only to public addresses', async () => {
    await expect(assertSafeBaseUrl('https://hooks.example.com/docora', false, dns)).resolves.toBeUndefined();
    expect(dns.asked).toContain('hooks.example.com');
  });

  it('should accept a public IP literal without asking DNS', async () => {
    const lookup = zone({});
    await expect(assertSafeBaseUrl('https://8.8.8.8/hook', false, lookup)).resolves.toBeUndefined();
    expect(lookup.asked).toEqual([]);
  });

  it.each([
    ['http://hooks.example.com', 'URL must use HTTPS'],
    ['ftp://hooks.example.com', 'URL must use HTTP or HTTPS'],
    ['https://u:p@hooks.example.com/x', 'URL must not contain credentials'],
    ['https://user@hooks.example.com/x', 'URL must not contain credentials'],
    ['https://localhost/x', 'Localhost URLs are not allowed'],
    ['https://localhost./x', 'Localhost URLs are not allowed'],
    ['https://LOCALHOST/x', 'Localhost URLs are not allowed'],
    ['https://api.localhost/x', 'Localhost URLs are not allowed'],
    ['https://api.localhost./x', 'Localhost URLs are not allowed'],
    ['https://127.0.0.1/x', 'Private IP addresses are not allowed (127.0.0.1 is loopback)'],
    ['https://127.0.0.1./x', 'Private IP addresses are not allowed (127.0.0.1 is loopback)'],
    ['https://0177.0.0.1/x', 'Private IP addresses are not allowed (127.0.0.1 is loopback)'],
    ['https://2130706433/x', 'Private IP addresses are not allowed (127.0.0.1 is loopback)'],
    ['https://0x7f.1/x', 'Private IP addresses are not allowed (127.0.0.1 is loopback)'],
    ['https://0.0.0.0/x', 'Private IP addresses are not allowed (0.0.0.0 is unspecified)'],
    ['https://[::]/x', 'Private IP addresses are not allowed (:: is unspecified)'],
    ['https://[::1]/x', 'Private IP addresses are not allowed (::1 is loopback)'],
    ['https://[::ffff:127.0.0.1]/x', 'Private IP addresses are not allowed (::ffff:7f00:1 is loopback)'],
    ['https://[::ffff:7f00:1]/x', 'Private IP addresses are not allowed (::ffff:7f00:1 is loopback)'],
    ['https://[::127.0.0.1]/x', 'Private IP addresses are not allowed (::7f00:1 is loopback)'],
    ['https://10.1.2.3/x', 'Private IP addresses are not allowed (10.1.2.3 is private)'],
    ['https://100.64.0.1/x', 'Private IP addresses are not allowed (100.64.0.1 is carrier-grade NAT)'],
    ['https://169.254.169.254/x', 'Private IP addresses are not allowed (169.254.169.254 is link-local)'],
    ['https://224.0.0.1/x', 'Private IP addresses are not allowed (224.0.0.1 is multicast)'],
    ['https://[fd00::1]/x', 'Private IP addresses are not allowed (fd00::1 is unique-local)'],
    ['https://[fe80::1]/x', 'Private IP addresses are not allowed (fe80::1 is link-local)'],
  ])('should refuse %s', async (url, reason) => {
    const e = await refusal(url);
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe(ErrorCode.UnsafeUrl);
    expect(e.message).toBe(reason);
  });

  it.each([
    ['internal.example.com', '10.0.0.5 is private'],
    ['mixed.example.com', '127.0.0.1 is loopback'],
    ['metadata.example.com', '169.254.169.254 is link-local'],
    ['v6-ula.example.com', 'fd12::1 is unique-local'],
    ['mapped.example.com', '::ffff:127.0.0.1 is loopback'],
    ['cgnat.example.com', '100.64.1.1 is carrier-grade NAT'],
  ])('should refuse %s, which resolves to a non-public address', async (host, what) => {
    const e = await refusal(`https://${host}/hooks`);
    expect(e.code).toBe(ErrorCode.UnsafeUrl);
    expect(e.message).toBe(`Host name resolves to a private IP address (${host} → ${what})`);
  });

  it('should refuse a name that does not resolve', async () => {
    const e = await refusal('https://nowhere.example.com/hooks');
    expect(e.message).toBe('Host name nowhere.example.com could not be resolved');
  });

  it('should allow http and private or loopback targets with ALLOW_PRIVATE_URLS, without resolving', async () => {
    const lookup = zone({});
    for (const url of ['http://127.0.0.1:8080/hook', 'https://localhost/x', 'http://internal.example.com/']) {
      await expect(assertSafeBaseUrl(url, true, lookup)).resolves.toBeUndefined();
    }
    expect(lookup.asked).toEqual([]);
  });

  it('should refuse credentials even with ALLOW_PRIVATE_URLS', async () => {
    const e = await refusal('http://u:p@127.0.0.1:8080/hook', true);
    expect(e.message).toBe('URL must not contain credentials');
  });
});
