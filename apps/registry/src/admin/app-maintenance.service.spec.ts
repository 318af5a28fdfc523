import { DocoraConfig } from '@lib/config';
import { AppError, ErrorCode } from '@lib/contracts';
import { tokenDigest } from '@lib/signing';
import { AppMaintenanceRepository } from './app-maintenance.repository';
import { AppMaintenanceService } from './app-maintenance.service';

const APP = 'app_0123456789abcdef01234567';
const UPDATED_AT = new Date('2030-01-02T03:04:05.000Z');

describe(AppMaintenanceService.name, () => {
  let repo: { exists: jest.Mock; update: jest.Mock };

  function service(allowPrivateUrls = false): AppMaintenanceService {
    const config = { delivery: { allowPrivateUrls } } as unknown as DocoraConfig;
    return new AppMaintenanceService(repo as unknown as AppMaintenanceRepository, config);
  }

  beforeEach(() => {
    repo = {
      exists: jest.fn().mockResolvedValue(true),
      update: jest.fn().mockResolvedValue({ app_id: APP, updated_at: UPDATED_AT }),
    };
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
