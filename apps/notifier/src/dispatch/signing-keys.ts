import { AppEntity } from '@lib/entities';
import { SecretCipher } from '@lib/signing';

/**
 * The keys that sign an app's webhooks now: the current client_auth_key first (it alone makes the v1
 * `X-Docora-Signature`), then the key it replaced while that key's grace period lasts (SPEC §4.2).
 */
export function signingKeys(app: AppEntity, cipher: SecretCipher, now = new Date()): string[] {
  const keys = [cipher.decrypt(app.client_auth_key_encrypted)];
  if (
    app.previous_client_auth_key_encrypted &&
    app.previous_key_expires_at &&
    new Date(app.previous_key_expires_at).getTime() > now.getTime()
  ) {
    keys.push(cipher.decrypt(app.previous_client_auth_key_encrypted));
  }
  return keys;
}
