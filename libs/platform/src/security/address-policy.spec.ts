import { AddressCategory, classifyAddress, ipv6Groups, isPublicAddress } from './address-policy';

/** Host as the WHATWG URL parser leaves it (the form the policy actually sees). */
const hostOf = (url: string) => new URL(url).hostname;

describe('classifyAddress', () => {
  describe('IPv4', () => {
    it.each<[string, AddressCategory]>([
      ['8.8.8.8', 'public'],
      ['1.1.1.1', 'public'],
      ['172.15.255.255', 'public'],
      ['172.32.0.1', 'public'],
      ['100.63.255.255', 'public'],
      ['100.128.0.0', 'public'],
      ['223.255.255.255', 'public'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['10.0.0.1', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'shared'],
      ['100.127.255.255', 'shared'],
      ['169.254.169.254', 'link-local'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['240.0.0.1', 'reserved'],
      ['255.255.255.255', 'reserved'],
      ['192.0.0.8', 'reserved'],
      ['192.0.2.10', 'reserved'],
      ['198.18.0.1', 'reserved'],
      ['198.51.100.1', 'reserved'],
      ['203.0.113.1', 'reserved'],
    ])('should classify %s as %s', (ip, category) => {
      expect(classifyAddress(ip)).toBe(category);
    });
  });

  describe('IPv6', () => {
    it.each<[string, AddressCategory]>([
      ['2606:4700:4700::1111', 'public'],
      ['2a00:1450:4001:80b::200e', 'public'],
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['[::1]', 'loopback'],
      ['0:0:0:0:0:0:0:1', 'loopback'],
      ['fd00::1', 'unique-local'],
      ['fc12:3456::1', 'unique-local'],
      ['fe80::1', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['febf::1', 'link-local'],
      ['fec0::1', 'private'],
      ['ff02::1', 'multicast'],
      ['2001:db8::1', 'reserved'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
      ['3fff::1', 'reserved'],
      ['100::1', 'reserved'],
      ['4000::1', 'reserved'],
      ['64:ff9b:1::1', 'private'],
    ])('should classify %s as %s', (ip, category) => {
      expect(classifyAddress(ip)).toBe(category);
    });
  });

  describe('IPv4 inside IPv6', () => {
    it.each<[string, AddressCategory]>([
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['[::ffff:7f00:1]', 'loopback'],
      ['::ffff:a9fe:a9fe', 'link-local'],
      ['::ffff:10.1.2.3', 'private'],
      ['::ffff:100.64.0.1', 'shared'],
      ['::ffff:0.0.0.0', 'unspecified'],
      ['::ffff:8.8.8.8', 'public'],
      ['::127.0.0.1', 'loopback'],
      ['::7f00:1', 'loopback'],
      ['::a00:1', 'private'],
      ['::8.8.8.8', 'reserved'],
      ['::ffff:0:7f00:1', 'loopback'],
      ['::ffff:0:808:808', 'reserved'],
      ['64:ff9b::7f00:1', 'loopback'],
      ['64:ff9b::10.0.0.1', 'private'],
      ['64:ff9b::808:808', 'public'],
      ['2002:7f00:1::1', 'loopback'],
      ['2002:c0a8:101::1', 'private'],
      ['2002:808:808::1', 'public'],
    ])('should classify %s as %s', (ip, category) => {
      expect(classifyAddress(ip)).toBe(category);
    });
  });

  describe('hosts as the URL parser normalises them', () => {
    it.each<[string, string, AddressCategory]>([
      ['https://[::ffff:7f00:1]/', '[::ffff:7f00:1]', 'loopback'],
      ['https://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]', 'loopback'],
      ['https://0177.0.0.1/', '127.0.0.1', 'loopback'],
      ['https://0x7f.0.0.1/', '127.0.0.1', 'loopback'],
      ['https://2130706433/', '127.0.0.1', 'loopback'],
      ['https://127.1/', '127.0.0.1', 'loopback'],
      ['https://0/', '0.0.0.0', 'unspecified'],
      ['https://3232235777/', '192.168.1.1', 'private'],
      ['https://[::]/', '[::]', 'unspecified'],
      ['https://[0:0:0:0:0:0:0:1]/', '[::1]', 'loopback'],
    ])('should see %s as %s (%s)', (url, host, category) => {
      expect(hostOf(url)).toBe(host);
      expect(classifyAddress(hostOf(url))).toBe(category);
    });
  });

  it.each(['', 'example.com', '1.2.3', '256.1.1.1', '::ffff:1.2.3.256', 'fe80::1::2'])(
    'should classify %p as invalid',
    (text) => {
      expect(classifyAddress(text)).toBe('invalid');
    },
  );
});

describe('isPublicAddress', () => {
  it('should accept only public addresses', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('2606:4700::1111')).toBe(true);
    expect(isPublicAddress('127.0.0.1')).toBe(false);
    expect(isPublicAddress('not an ip')).toBe(false);
  });
});

describe('ipv6Groups', () => {
  it('should expand compressed forms and dotted tails', () => {
    expect(ipv6Groups('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('2001:db8::8:800:200c:417a')).toEqual([
      0x2001, 0xdb8, 0, 0, 0x8, 0x800, 0x200c, 0x417a,
    ]);
    expect(ipv6Groups('::ffff:192.168.1.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0101]);
    expect(ipv6Groups('fe80::')).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('should return null for anything that is not IPv6', () => {
    expect(ipv6Groups('127.0.0.1')).toBeNull();
    expect(ipv6Groups('hello')).toBeNull();
  });
});
