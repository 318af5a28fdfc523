import { DocoraConfig } from '@lib/config';
import { AppError, ErrorCode } from '@lib/contracts';
import { SecretCipher, tokenDigest } from '@lib/signing';
import { AppMaintenanceRepository } from './app-maintenance.repository';
import { AppMaintenanceService } from './app-maintenance.service';

const APP = 'app_0123456789abcdef01234567';
const UPDATED_AT = new Date('2030-01-02T03:04:05.000Z');

describe(AppMaintenanceService.name, () => {
  let repo: {
    exists: jest.Mock;
    update: jest.Mock;
    currentClientKey: jest.Mock;
    rotateClientKey: jest.Mock;
  };
  const cipher = new SecretCipher('ab'.repeat(32));

  function service(allowPrivateUrls = false): AppMaintenanceService {
    const config = { delivery: { allowPrivateUrls } } as unknown as DocoraConfig;
    return new AppMaintenanceService(repo as unknown as AppMaintenanceRepository, cipher, config);
  }

  beforeEach(() => {
    repo = {
      exists: jest.fn().mockResolvedValue(true),
      update: jest.fn().mockResolvedValue({ app_id: APP, updated_at: UPDATED_AT }),
      currentClientKey: jest.fn().mockResolvedValue(cipher.encrypt('old-key-0123456789')),
      rotateClientKey: jest.fn().mockResolvedValue({ app_id: APP, updated_at: UPDATED_AT }),
    };
  });

  describe('rotateClientKey', () => {
    it('should store the new key encrypted and keep the old one for the grace period', async () => {
      const before = Date.now();
      const res = await service().rotateClientKey(APP, {
        client_auth_key: 'new-key-0123456789',
        grace_seconds: 60,
      });
      const [id, encrypted, until] = repo.rotateClientKey.mock.calls[0] as [string, string, Date];
      expect(id).toBe(APP);
      expect(encrypted).not.toContain('new-key');
      expect(cipher.decrypt(encrypted)).toBe('new-key-0123456789');
      expect(until.getTime()).toBeGreaterThanOrEqual(before + 60_000);
      expect(until.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
      expect(res).toEqual({
        app_id: APP,
        rotated_at: UPDATED_AT.toISOString(),
        previous_key_expires_at: until.toISOString(),
      });
    });

    it('should default the grace period to a day and end it at once for 0', async () => {
      await service().rotateClientKey(APP, { client_auth_key: 'new-key-0123456789' });
      const until = repo.rotateClientKey.mock.calls[0][2] as Date;
      expect(until.getTime() - Date.now()).toBeGreaterThan(24 * 3600_000 - 60_000);
      const res = await service().rotateClientKey(APP, {
        client_auth_key: 'newer-key-0123456789',
        grace_seconds: 0,
      });
      expect(repo.rotateClientKey.mock.calls[1][2]).toBeNull();
      expect(res.previous_key_expires_at).toBeNull();
    });

    it('should refuse the current key with a conflict and change nothing', async () => {
      const err = await service()
        .rotateClientKey(APP, { client_auth_key: 'old-key-0123456789' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(ErrorCode.Conflict);
      expect(repo.rotateClientKey).not.toHaveBeenCalled();
    });

    it('should answer App not found for an unknown app', async () => {
      repo.currentClientKey.mockResolvedValue(null);
      await expect(
        service().rotateClientKey(APP, { client_auth_key: 'new-key-0123456789' }),
      ).rejects.toMatchObject({ code: ErrorCode.NotFound });
      expect(repo.rotateClientKey).not.toHaveBeenCalled();
    });
  });

  describe('rotateToken', () => {
    it('should store only the digest of a fresh token and return the token', async () => {
      const { app_id, token } = await service().rotateToken(APP);
      expect(app_id).toBe(APP);
      expect(token).toMatch(/^docora_[0-9a-f]{64}$/);
      expect(repo.update).toHaveBeenCalledWith(APP, { token_digest: tokenDigest(token) });
    });

    it('should issue a different token each time', async () => {
      const a = await service().rotateToken(APP);
      const b = await service().rotateToken(APP);
      expect(a.token).not.toBe(b.token);
    });

    it('should answer App not found when no row was updated', async () => {
      repo.update.mockResolvedValue(null);
      await expect(service().rotateToken(APP)).rejects.toEqual(
        new AppError(ErrorCode.NotFound, 'App not found'),
      );
    });
  });

  describe('update', () => {
    it('should write only the fields given, nulls included', async () => {
      await expect(
        service().update(APP, { app_name: 'New name', website: null, description: undefined }),
      ).resolves.toEqual({ app_id: APP, updated_at: UPDATED_AT.toISOString() });
      expect(repo.update).toHaveBeenCalledWith(APP, { app_name: 'New name', website: null });
    });

    it('should refuse an empty change with a 400', async () => {
      const e = await service()
        .update(APP, {})
        .catch((err: AppError) => err);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe(ErrorCode.ValidationFailed);
      expect(repo.update).not.toHaveBeenCalled();
    });

    it('should answer App not found for an unknown app before checking the URL', async () => {
      repo.exists.mockResolvedValue(false);
      await expect(service().update(APP, { base_url: 'https://127.0.0.1/x' })).rejects.toEqual(
        new AppError(ErrorCode.NotFound, 'App not found'),
      );
    });

    it('should refuse an unsafe base_url with the reason and write nothing', async () => {
      await expect(service().update(APP, { base_url: 'https://127.0.0.1/x' })).rejects.toMatchObject({
        code: ErrorCode.UnsafeUrl,
        message: expect.stringMatching(/^Private IP addresses are not allowed/),
      });
      expect(repo.update).not.toHaveBeenCalled();
    });

    it('should accept a private base_url when private URLs are allowed', async () => {
      await service(true).update(APP, { base_url: 'http://127.0.0.1:9000/hooks' });
      expect(repo.update).toHaveBeenCalledWith(APP, { base_url: 'http://127.0.0.1:9000/hooks' });
    });

    it('should answer App not found when the app disappears before the write', async () => {
      repo.update.mockResolvedValue(null);
      await expect(service().update(APP, { email: 'a@b.co' })).rejects.toEqual(
        new AppError(ErrorCode.NotFound, 'App not found'),
      );
    });
  });
});
