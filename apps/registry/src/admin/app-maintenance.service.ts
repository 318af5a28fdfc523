import { Inject, Injectable } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import {
  AppError,
  ErrorCode,
  RotatedAppToken,
  UPDATE_APP_FIELDS,
  UpdateAppBody,
  UpdatedApp,
} from '@lib/contracts';
import { generateBearerToken, tokenDigest } from '@lib/signing';
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
