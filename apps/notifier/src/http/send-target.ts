import { AppError } from '@lib/contracts';
import { assertSafeUrl, HostLookup, ResolvedAddress, systemLookup } from '@lib/platform';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';

export interface SendTargetOptions {
  /** ALLOW_PRIVATE_URLS: no address policy (names are still resolved once and pinned). */
  allowPrivate: boolean;
  lookup?: HostLookup;
  /** How long a resolved name is reused; 0 resolves before every request. */
  cacheTtlMs?: number;
}

export interface SendTarget {
  url: URL;
  /**
   * Given to the HTTP client as its DNS lookup: it answers with the addresses that were checked, so the
   * connection goes exactly where the policy allowed (no second resolution an attacker could re-point). Absent
   * for IP literals (nothing to resolve) and when resolution was not needed.
   */
  lookup?: LookupFunction;
}

/** The SSRF policy refused the destination; the attempt fails without any connection. */
export class RefusedTargetError extends Error {}

const DEFAULT_TTL_MS = 5000;

/**
 * Send-time SSRF check (SPEC §7): the base_url was checked at onboarding, but a DNS name can be re-pointed to a
 * private address afterwards. Each request re-applies the policy to what the name resolves to now and pins the
 * connection to those vetted addresses. Resolutions are cached briefly (throughput); the cache never weakens the
 * check because what is cached is what was checked and connected to.
 */
export class SendTargetResolver {
  private readonly cache = new Map<string, { addresses: ResolvedAddress[]; until: number }>();
  private readonly lookup: HostLookup;
  private readonly ttlMs: number;

  constructor(private readonly opts: SendTargetOptions) {
    this.lookup = opts.lookup ?? systemLookup;
    this.ttlMs = opts.cacheTtlMs ?? DEFAULT_TTL_MS;
  }

  async resolve(rawUrl: string): Promise<SendTarget> {
    let checked: { url: URL; addresses: string[] };
    try {
      checked = await assertSafeUrl(rawUrl, { allowPrivate: this.opts.allowPrivate, lookup: this.cached });
    } catch (e) {
      throw new RefusedTargetError(e instanceof AppError ? e.message : 'URL refused');
    }
    const host = checked.url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      return { url: checked.url };
    }
    // With ALLOW_PRIVATE_URLS the policy resolved nothing; resolve here so the connection is pinned all the same.
    const addresses = checked.addresses.length
      ? checked.addresses
      : (await this.cached(host).catch(() => [])).map((a) => a.address);
    return addresses.length ? { url: checked.url, lookup: pinnedLookup(addresses) } : { url: checked.url };
  }

  private readonly cached: HostLookup = async (host) => {
    const hit = this.cache.get(host);
    if (hit && hit.until > Date.now()) {
      return hit.addresses;
    }
    const addresses = await this.lookup(host);
    if (this.ttlMs > 0) {
      if (this.cache.size > 1000) {
        this.cache.clear(); // bounded: one entry per endpoint host, so this only trims a pathological spread
      }
      this.cache.set(host, { addresses, until: Date.now() + this.ttlMs });
    }
    return addresses;
  };
}

/** A DNS lookup that only ever answers with the given (vetted) addresses. */
export function pinnedLookup(addresses: string[]): LookupFunction {
  const all = addresses.map((address) => ({ address, family: isIP(address) }));
  return (_hostname, options, callback) => {
    const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 ? 6 : 0;
    const list = family ? all.filter((a) => a.family === family) : all;
    if (list.length === 0) {
      const err: NodeJS.ErrnoException = new Error(`no vetted IPv${family} address`);
      err.code = 'ENOTFOUND';
      callback(err, '', undefined);
    } else if (options.all) {
      callback(null, list);
    } else {
      callback(null, list[0].address, list[0].family);
    }
  };
}
