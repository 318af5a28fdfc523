import { Inject, Injectable } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import {
  AppError,
  DEFAULT_KEY_GRACE_SECONDS,
  ErrorCode,
  RotateClientKeyBody,
  RotatedAppToken,
  RotatedClientKey,
  UPDATE_APP_FIELDS,
  UpdateAppBody,
  UpdatedApp,
} from '@lib/contracts';
import { generateBearerToken, SecretCipher, tokenDigest } from '@lib/signing';
import { assertSafeBaseUrl } from '../onboarding/url-policy';
import { AppMaintenanceRepository } from './app-maintenance.repository';

function notFound(): AppError {
  return new AppError(ErrorCode.NotFound, 'App not found');
}

/** Admin changes to an onboarded app: bearer token rotation and profile / endpoint updates. */
@Injectable()
export class AppMaintenanceService {
  constructor(
    private readonly apps: AppMaintenanceRepository,
    private readonly cipher: SecretCipher,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  /**
   * Replaces the token's digest in one UPDATE: from its commit on, the gateway's per-request lookup finds the
   * new digest only, so the old token is refused at once (nothing caches tokens). Returned once, never stored.
   */
  async rotateToken(appId: string): Promise<RotatedAppToken> {
    const token = generateBearerToken();
    if (!(await this.apps.update(appId, { token_digest: tokenDigest(token) }))) {
      throw notFound();
    }
    return { app_id: appId, token };
  }

  /**
   * New client_auth_key; the replaced one keeps signing beside it for `grace_seconds` (default a day) so
   * receivers can switch without dropping a webhook. Re-using the current key is refused: it would silently
   * end a running grace period.
   */
  async rotateClientKey(appId: string, body: RotateClientKeyBody): Promise<RotatedClientKey> {
    const current = await this.apps.currentClientKey(appId);
    if (current === null) {
      throw notFound();
    }
    if (this.sameKey(current, body.client_auth_key)) {
      throw new AppError(ErrorCode.Conflict, 'The new client_auth_key is the current one');
    }
    const grace = body.grace_seconds ?? DEFAULT_KEY_GRACE_SECONDS;
    const until = grace > 0 ? new Date(Date.now() + grace * 1000) : null;
    const rotated = await this.apps.rotateClientKey(appId, this.cipher.encrypt(body.client_auth_key), until);
    if (!rotated) {
      throw notFound();
    }
    return {
      app_id: appId,
      rotated_at: new Date(rotated.updated_at).toISOString(),
      previous_key_expires_at: until?.toISOString() ?? null,
    };
  }

  private sameKey(encrypted: string, candidate: string): boolean {
    try {
      return this.cipher.decrypt(encrypted) === candidate;
    } catch {
      return false; // under a retired encryption key: cannot be compared, and is being replaced anyway
    }
  }

  /** Same rules as onboarding, base_url included (SSRF check → 422 with the reason). */
  async update(appId: string, patch: UpdateAppBody): Promise<UpdatedApp> {
    const changes: Record<string, string | null> = {};
    for (const field of UPDATE_APP_FIELDS) {
      if (patch[field] !== undefined) {
        changes[field] = patch[field];
      }
    }
    if (Object.keys(changes).length === 0) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        `Nothing to update: give at least one of ${UPDATE_APP_FIELDS.join(', ')}`,
      );
    }
    // An unknown app is a 404 whatever the body says; the (possibly slow, DNS) URL check runs for real apps only.
    if (!(await this.apps.exists(appId))) {
      throw notFound();
    }
    if (typeof changes.base_url === 'string') {
      await assertSafeBaseUrl(changes.base_url, this.config.delivery.allowPrivateUrls);
    }
    const updated = await this.apps.update(appId, changes);
    if (!updated) {
      throw notFound();
    }
    return { app_id: updated.app_id, updated_at: new Date(updated.updated_at).toISOString() };
  }
}
