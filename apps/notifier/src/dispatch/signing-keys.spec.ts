import { AppEntity } from '@lib/entities';
import { SecretCipher } from '@lib/signing';
import { signingKeys } from './signing-keys';

describe(signingKeys.name, () => {
  const cipher = new SecretCipher('cd'.repeat(32));
  const now = new Date('2030-01-01T00:00:00Z');
  const app = (previousUntil: Date | null): AppEntity =>
    ({
      client_auth_key_encrypted: cipher.encrypt('current-key-000000'),
      previous_client_auth_key_encrypted: previousUntil ? cipher.encrypt('previous-key-00000') : null,
      previous_key_expires_at: previousUntil,
    }) as AppEntity;

  it('should sign with the current key alone outside a rotation', () => {
    expect(signingKeys(app(null), cipher, now)).toEqual(['current-key-000000']);
  });

  it('should add the replaced key, after the current one, during the grace period', () => {
    expect(signingKeys(app(new Date(now.getTime() + 1)), cipher, now)).toEqual([
      'current-key-000000',
      'previous-key-00000',
    ]);
  });

  it('should drop the replaced key once the grace period has ended', () => {
    expect(signingKeys(app(now), cipher, now)).toEqual(['current-key-000000']);
  });
});
