import { isIP } from 'node:net';

/**
 * What an IP address reaches. Only `public` addresses may receive webhooks (SPEC §7); everything else could be
 * the machine itself, the cluster network or a cloud metadata endpoint.
 */
export type AddressCategory =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'reserved'
  | 'invalid';

type V4Range = [base: number, prefix: number, category: AddressCategory];

function v4(text: string): number {
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** IANA IPv4 special-purpose registry, minus the globally reachable entries. */
const V4_RANGES: V4Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified'], // "this network": 0.0.0.0 reaches the local host on Linux
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'shared'], // carrier-grade NAT
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'], // includes cloud metadata 169.254.169.254
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'], // IETF protocol assignments
  [v4('192.0.2.0'), 24, 'reserved'], // documentation
  [v4('192.88.99.0'), 24, 'reserved'], // deprecated 6to4 relay anycast
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'], // benchmarking
  [v4('198.51.100.0'), 24, 'reserved'], // documentation
  [v4('203.0.113.0'), 24, 'reserved'], // documentation
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'], // future use and broadcast
];

function inV4(addr: number, [base, prefix]: V4Range): boolean {
  const size = 2 ** (32 - prefix);
  return Math.floor(addr / size) === Math.floor(base / size);
}

function classifyV4(addr: number): AddressCategory {
  return V4_RANGES.find((r) => inV4(addr, r))?.[2] ?? 'public';
}

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, a dotted IPv4 tail expanded). */
export function ipv6Groups(text: string): number[] | null {
  const ip = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIP(ip) !== 6) {
    return null;
  }
  let body = ip;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (tail) {
    const n = v4(tail[1]);
    body = `${body.slice(0, -tail[1].length)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const [head, rest] = body.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(body.includes('::') ? missing : 0).fill('0'), ...right];
  return groups.map((g) => parseInt(g, 16));
}

const embeddedV4 = (g: number[], at: number) => g[at] * 65536 + g[at + 1];
const zero = (g: number[], from: number, to: number) => g.slice(from, to).every((x) => x === 0);

function classifyV6(g: number[]): AddressCategory {
  if (zero(g, 0, 5)) {
    if (g[5] === 0xffff) {
      return classifyV4(embeddedV4(g, 6)); // IPv4-mapped ::ffff:a.b.c.d: the kernel connects to the IPv4 address
    }
    if (g[5] === 0) {
      if (zero(g, 6, 8)) {
        return 'unspecified';
      }
      if (g[6] === 0 && g[7] === 1) {
        return 'loopback';
      }
      // IPv4-compatible ::a.b.c.d (deprecated): never a legitimate destination, but name the worse category.
      const inner = classifyV4(embeddedV4(g, 6));
      return inner === 'public' ? 'reserved' : inner;
    }
  }
  if (zero(g, 0, 4) && g[4] === 0xffff && g[5] === 0) {
    const inner = classifyV4(embeddedV4(g, 6)); // IPv4-translated ::ffff:0:a.b.c.d
    return inner === 'public' ? 'reserved' : inner;
  }
  if (g[0] === 0x64 && g[1] === 0xff9b) {
    // NAT64: 64:ff9b::/96 is translated to the embedded IPv4 address; 64:ff9b:1::/48 is for local use.
    return zero(g, 2, 6) ? classifyV4(embeddedV4(g, 6)) : g[2] === 1 ? 'private' : 'reserved';
  }
  if (g[0] === 0x2002) {
    return classifyV4(embeddedV4(g, 1)); // 6to4 carries an IPv4 address in bits 16–47
  }
  if (g[0] === 0x2001 && (g[1] < 0x0200 || g[1] === 0x0db8)) {
    return 'reserved'; // IETF protocol assignments (Teredo, benchmarking, ORCHID) and documentation
  }
  if (g[0] === 0x3fff && g[1] < 0x1000) {
    return 'reserved'; // documentation 3fff::/20
  }
  if (g[0] === 0x0100 && zero(g, 1, 4)) {
    return 'reserved'; // discard-only 100::/64
  }
  if ((g[0] & 0xfe00) === 0xfc00) {
    return 'unique-local';
  }
  if ((g[0] & 0xffc0) === 0xfe80) {
    return 'link-local';
  }
  if ((g[0] & 0xffc0) === 0xfec0) {
    return 'private'; // deprecated site-local
  }
  if ((g[0] & 0xff00) === 0xff00) {
    return 'multicast';
  }
  // Only 2000::/3 is allocated for global unicast.
  return (g[0] & 0xe000) === 0x2000 ? 'public' : 'reserved';
}

/**
 * Classifies an IP address literal (IPv4 dotted quad, or IPv6 with or without brackets and zone id). Pure, so the
 * notifier can apply the same policy to the address it is about to connect to.
 */
export function classifyAddress(ip: string): AddressCategory {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) {
    return classifyV4(v4(bare));
  }
  const groups = ipv6Groups(bare);
  return groups ? classifyV6(groups) : 'invalid';
}

export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public';
}
