import { AppError, ErrorCode } from '@lib/contracts';
import { assertSafeUrl, HostLookup, isLocalhostName } from './url-safety';

const fixed =
  (addresses: string[]): HostLookup =>
  () =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

describe('assertSafeUrl', () => {
  it('should return every address it checked, so a sender can connect to exactly those', async () => {
    const target = await assertSafeUrl('https://hooks.example.com/x', {
      allowPrivate: false,
      lookup: fixed(['93.184.215.14', '2606:2800:21f::1']),
    });
    expect(target.url.hostname).toBe('hooks.example.com');
    expect(target.addresses).toEqual(['93.184.215.14', '2606:2800:21f::1']);
  });

  it('should check a literal without resolving it', async () => {
    const target = await assertSafeUrl('https://[2606:4700::1111]:8443/x', {
      allowPrivate: false,
      lookup: () => Promise.reject(new Error('must not be called')),
    });
    expect(target.addresses).toEqual(['2606:4700::1111']);
  });

  it('should refuse a name whose resolver does not answer in time', async () => {
    const hanging: HostLookup = () => new Promise(() => undefined);
    const started = Date.now();
    await expect(
      assertSafeUrl('https://slow.example.com/', {
        allowPrivate: false,
        lookup: hanging,
        lookupTimeoutMs: 50,
      }),
    ).rejects.toThrow(new AppError(ErrorCode.UnsafeUrl, 'Host name slow.example.com could not be resolved'));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('should refuse a name that resolves to nothing', async () => {
    await expect(
      assertSafeUrl('https://empty.example.com/', { allowPrivate: false, lookup: fixed([]) }),
    ).rejects.toMatchObject({ code: ErrorCode.UnsafeUrl });
  });

  it('should refuse something that is not a URL', async () => {
    await expect(assertSafeUrl('not a url', { allowPrivate: true })).rejects.toMatchObject({
      code: ErrorCode.UnsafeUrl,
      message: 'Invalid URL',
    });
  });
});

describe('isLocalhostName', () => {
  it.each([
    ['localhost', true],
    ['localhost.', true],
    ['LocalHost..', true],
    ['a.b.localhost', true],
    ['a.localhost.', true],
    ['localhost.example.com', false],
    ['mylocalhost', false],
  ])('should answer %s → %s', (host, expected) => {
    expect(isLocalhostName(host)).toBe(expected);
  });
});
