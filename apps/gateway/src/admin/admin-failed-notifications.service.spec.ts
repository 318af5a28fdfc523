import { AppError, ErrorCode } from '@lib/contracts';
import { FailedNotificationsReader } from '@lib/database';
import { AdminFailedNotificationsService, toFailedNotification } from './admin-failed-notifications.service';

const ROW = {
  app_id: 'app_000000000000000000000001',
  app_name: 'Docs',
  repository_id: 'repo_000000000000000000000001',
  owner: 'acme',
  name: 'docs.site',
  github_url: 'https://github.com/acme/docs.site',
  error_message: 'HTTP 503',
  retry_count: 4,
  failed_at: new Date('2030-01-02T03:04:05.678Z'),
};

describe(AdminFailedNotificationsService.name, () => {
  let reader: { list: jest.Mock };
  let service: AdminFailedNotificationsService;

  beforeEach(() => {
    reader = { list: jest.fn().mockResolvedValue({ rows: [ROW], total: 21 }) };
    service = new AdminFailedNotificationsService(reader as unknown as FailedNotificationsReader);
  });

  describe('list', () => {
    it('should answer v1 FailedNotification rows with the failure time and a page', async () => {
      await expect(service.list({ limit: '20', page: '2' })).resolves.toEqual({
        data: [
          {
            app_id: ROW.app_id,
            app_name: 'Docs',
            repository_id: ROW.repository_id,
            repository_name: 'acme/docs.site',
            github_url: ROW.github_url,
            error_message: 'HTTP 503',
            timestamp: '2030-01-02T03:04:05.678Z',
            retry_count: 4,
          },
        ],
        pagination: { page: 2, limit: 20, total: 21, total_pages: 2 },
      });
    });

    it('should default to the newest failures first', async () => {
      await service.list({});
      expect(reader.list).toHaveBeenCalledWith({
        page: 1,
        limit: 20,
        sort_by: 'last_scanned_at',
        sort_order: 'desc',
        search: null,
      });
    });

    it('should pass the whitelisted sort and the trimmed search', async () => {
      await service.list({ sort_by: 'retry_count', sort_order: 'ASC', search: '  50%_off ' });
      expect(reader.list).toHaveBeenCalledWith(
        expect.objectContaining({ sort_by: 'retry_count', sort_order: 'asc', search: '50%_off' }),
      );
    });

    it('should refuse a sort field outside the whitelist', async () => {
      await expect(service.list({ sort_by: 'created_at' })).rejects.toEqual(
        new AppError(ErrorCode.ValidationFailed, 'Invalid sort_by: created_at'),
      );
      expect(reader.list).not.toHaveBeenCalled();
    });
  });

  describe('toFailedNotification', () => {
    it('should accept a timestamp read as a string', () => {
      expect(toFailedNotification({ ...ROW, failed_at: '2030-01-02 03:04:05+00' as never }).timestamp).toBe(
        '2030-01-02T03:04:05.000Z',
      );
    });
  });
});
