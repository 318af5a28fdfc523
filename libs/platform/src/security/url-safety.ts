import { AppError, ErrorCode } from '@lib/contracts';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AddressCategory, classifyAddress } from './address-policy';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address the system resolver returns (A and AAAA). */
export type HostLookup = (host: string) => Promise<ResolvedAddress[]>;

export const systemLookup: HostLookup = (host) => dnsLookup(host, { all: true, verbatim: true });

export interface UrlSafetyOptions {
  /** ALLOW_PRIVATE_URLS: http and private/loopback targets are allowed (local receivers, tests). */
  allowPrivate: boolean;
  lookup?: HostLookup;
  /** A resolver that hangs must not hold the caller (onboarding is an RPC with its own deadline). */
  lookupTimeoutMs?: number;
}

export interface SafeTarget {
  url: URL;
  /** The addresses that were checked (empty when ALLOW_PRIVATE_URLS skipped the check). */
  addresses: string[];
}

const unsafe = (reason: string) => new AppError(ErrorCode.UnsafeUrl, reason);

function categoryName(category: AddressCategory): string {
  return category === 'shared' ? 'carrier-grade NAT' : category;
}

/** `localhost`, `*.localhost` (RFC 6761), with or without the trailing root dot. */
export function isLocalhostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  return host === 'localhost' || host.endsWith('.localhost');
}

async function resolveAll(host: string, lookup: HostLookup, timeoutMs: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    const found = await Promise.race([lookup(host), timeout]);
    return found.map((a) => a.address);
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SSRF policy for a URL Docora will POST to (SPEC §7): http(s) only and https unless ALLOW_PRIVATE_URLS, no
 * credentials, no localhost name, and the host — an IP literal in any form the WHATWG parser normalises
 * (`2130706433`, `0177.0.0.1`, `[::ffff:7f00:1]`) or a name, with every A/AAAA record it resolves to — must be a
 * public address. Throws AppError(UNSAFE_URL, reason) → 422.
 *
 * The check at onboarding cannot stop a name from being re-pointed later (DNS rebinding): the sender must check
 * again and connect to the address it checked (`addresses`).
 */
export async function assertSafeUrl(raw: string, opts: UrlSafetyOptions): Promise<SafeTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw unsafe('Invalid URL');
  }
  if (url.username || url.password) {
    throw unsafe('URL must not contain credentials');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw unsafe('URL must use HTTP or HTTPS');
  }
  if (opts.allowPrivate) {
    return { url, addresses: [] };
  }
  if (url.protocol !== 'https:') {
    throw unsafe('URL must use HTTPS');
  }
  if (isLocalhostName(url.hostname)) {
    throw unsafe('Localhost URLs are not allowed');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const category = classifyAddress(host);
    if (category !== 'public') {
      throw unsafe(`Private IP addresses are not allowed (${host} is ${categoryName(category)})`);
    }
    return { url, addresses: [host] };
  }
  const addresses = await resolveAll(host, opts.lookup ?? systemLookup, opts.lookupTimeoutMs ?? 5000);
  if (addresses.length === 0) {
    throw unsafe(`Host name ${host} could not be resolved`);
  }
  for (const address of addresses) {
    const category = classifyAddress(address);
    if (category !== 'public') {
      throw unsafe(
        `Host name resolves to a private IP address (${host} → ${address} is ${categoryName(category)})`,
      );
    }
  }
  return { url, addresses };
}
