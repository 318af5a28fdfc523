import { assertSafeUrl, HostLookup } from '@lib/platform';

/**
 * Onboarding's SSRF check of `base_url` (SPEC §7): https to a public address — the literal host, or every address
 * its name resolves to — unless ALLOW_PRIVATE_URLS. Throws AppError(UNSAFE_URL, reason) → 422, before anything is
 * stored. The notifier applies the same policy (`assertSafeUrl`, `classifyAddress`) again at send time, since DNS
 * can change after onboarding.
 */
export async function assertSafeBaseUrl(
  baseUrl: string,
  allowPrivate: boolean,
  lookup?: HostLookup,
): Promise<void> {
  await assertSafeUrl(baseUrl, { allowPrivate, lookup });
}
