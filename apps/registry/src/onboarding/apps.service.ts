import { Inject, Injectable } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { OnboardAppRequest, OnboardAppResponse } from '@lib/contracts';
import { generateAppId, generateBearerToken, SecretCipher, tokenDigest } from '@lib/signing';
import { AppsRepository } from './apps.repository';
import { assertSafeBaseUrl } from './url-policy';

@Injectable()
export class AppsService {
  constructor(
    private readonly apps: AppsRepository,
    private readonly cipher: SecretCipher,
    @Inject(DOCORA_CONFIG) private readonly config: DocoraConfig,
  ) {}

  /** The token is returned once and stored only as its digest; the client key is stored encrypted, never returned. */
  async onboard(req: OnboardAppRequest): Promise<OnboardAppResponse> {
    await assertSafeBaseUrl(req.base_url, this.config.delivery.allowPrivateUrls);
    const token = generateBearerToken();
    const app = await this.apps.insert({
      app_id: generateAppId(),
      token_digest: tokenDigest(token),
      app_name: req.app_name,
      base_url: req.base_url,
      email: req.email,
      website: req.website ?? null,
      description: req.description ?? null,
      client_auth_key_encrypted: this.cipher.encrypt(req.client_auth_key),
      previous_client_auth_key_encrypted: null,
      previous_key_expires_at: null,
    });
    return { app_id: app.app_id, token, created_at: app.created_at.toISOString() };
  }
}
