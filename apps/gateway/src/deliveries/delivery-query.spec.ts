import { AppError, parseInstant } from '@lib/contracts';
import { BULK_FILTER_REQUIRED, parseBulkRedeliveryBody, parseDeliveryListQuery } from './delivery-query';
import { maskSecrets } from './delivery-view';

const REPO = 'repo_0123456789abcdef01234567';
const APP = 'app_0123456789abcdef01234567';

/** The `details` of the 400 a parse throws (fails the test when it does not throw). */
function problems(parse: () => unknown): string[] {
  try {
    parse();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION_FAILED');
    expect((e as AppError).message).toBe((e as AppError).details!.join(', '));
    return (e as AppError).details!;
  }
  throw new Error('expected a validation error');
}

describe('parseDeliveryListQuery', () => {
  it('should read every filter, normalise the time range to UTC and page like the other lists', () => {
    expect(
      parseDeliveryListQuery(
        {
          repository_id: REPO,
          status: 'failed',
          event: 'update',
          since: '2026-11-29',
          until: '2026-11-29T13:30:00+01:00',
          page: '3',
          limit: '50',
        },
        false,
      ),
    ).toEqual({
      filter: {
        repository_id: REPO,
        status: 'failed',
        event: 'update',
        since: '2026-11-29T00:00:00.000Z',
        until: '2026-11-29T12:30:00.000Z',
      },
      page: 3,
      limit: 50,
    });
  });

  it('should default to page 1 of 20, treat empty values as "any" and any other limit as 20 (v1)', () => {
    expect(parseDeliveryListQuery({ status: '', limit: '7' }, true)).toEqual({
      filter: {},
      page: 1,
      limit: 20,
    });
  });

  it('should report every bad filter at once', () => {
    expect(
      problems(() =>
        parseDeliveryListQuery(
          {
            repository_id: 'repo_x',
            status: 'done',
            event: 'modify',
            since: '2026-02-30',
            until: 'yesterday',
            page: '0',
          },
          false,
        ),
      ),
    ).toEqual([
      'querystring/repository_id Invalid repository ID format',
      'querystring/status must be one of: pending, delivered, failed, skipped',
      'querystring/event must be one of: create, update, delete, sync_failed',
      'querystring/since must be an ISO-8601 date or date-time (e.g. 2026-11-29T12:00:00Z)',
      'querystring/until must be an ISO-8601 date or date-time (e.g. 2026-11-29T12:00:00Z)',
      'querystring/page must be an integer >= 1',
    ]);
  });

  it('should refuse since after until, repeated parameters and unknown ones (a typo must not widen the list)', () => {
    expect(
      problems(() =>
        parseDeliveryListQuery(
          { since: '2026-11-30T00:00:00Z', until: '2026-11-29T23:59:59Z', status: ['failed', 'pending'] },
          false,
        ),
      ),
    ).toEqual(['querystring/status must be given once', 'querystring/since must not be after until']);
    expect(problems(() => parseDeliveryListQuery({ stauts: 'failed' }, false))).toEqual([
      'querystring/stauts is not a known parameter',
    ]);
  });

  it('should take app_id from admins only, and check its format', () => {
    expect(parseDeliveryListQuery({ app_id: APP }, true).filter).toEqual({ app_id: APP });
    expect(problems(() => parseDeliveryListQuery({ app_id: APP }, false))).toEqual([
      'querystring/app_id is not a known parameter',
    ]);
    expect(problems(() => parseDeliveryListQuery({ app_id: 'app_1' }, true))).toEqual([
      'querystring/app_id Invalid app ID format',
    ]);
  });
});

describe('parseBulkRedeliveryBody', () => {
  it('should read a filter and the dry-run flag', () => {
    expect(parseBulkRedeliveryBody({ app_id: APP, status: 'failed', dry_run: true })).toEqual({
      filter: { app_id: APP, status: 'failed' },
      dry_run: true,
    });
    expect(parseBulkRedeliveryBody({ all: true })).toEqual({ filter: {}, dry_run: false });
  });

  it('should require a filter or an explicit all: true, and not both', () => {
    expect(problems(() => parseBulkRedeliveryBody({}))).toEqual([BULK_FILTER_REQUIRED]);
    expect(problems(() => parseBulkRedeliveryBody({ dry_run: true, all: false }))).toEqual([
      BULK_FILTER_REQUIRED,
    ]);
    expect(problems(() => parseBulkRedeliveryBody({ all: true, app_id: APP }))).toEqual([
      'body/all "all": true cannot be combined with filter fields',
    ]);
  });

  it('should only redeliver delivered or failed deliveries, and check every type', () => {
    expect(
      problems(() =>
        parseBulkRedeliveryBody({ status: 'pending', dry_run: 'yes', since: 5, repository: REPO }),
      ),
    ).toEqual([
      'body/repository is not a known parameter',
      'body/status must be one of: delivered, failed',
      'body/since must be a string',
      'body/dry_run must be a boolean',
    ]);
    expect(problems(() => parseBulkRedeliveryBody([]))).toEqual(['body must be a JSON object']);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-11-29', '2026-11-29T00:00:00.000Z'],
    ['2026-11-29T12:00', '2026-11-29T12:00:00.000Z'],
    ['2026-11-29T12:00:01.123456Z', '2026-11-29T12:00:01.123Z'],
    ['2026-11-29T12:00:00-0230', '2026-11-29T14:30:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('should read %s as %s', (given, expected) => {
    expect(parseInstant(given)?.toISOString()).toBe(expected);
  });

  it.each(['2025-02-29', '2026-13-01', '2026-11-29T24:00', '1764417600', '2026-11-29 12:00', ''])(
    'should refuse %p',
    (given) => {
      expect(parseInstant(given)).toBeNull();
    },
  );
});

describe('maskSecrets', () => {
  it('should mask URL credentials, query strings and tokens in errors, and tokens only in excerpts', () => {
    const token = `docora_${'ab'.repeat(32)}`;
    expect(
      maskSecrets(`ECONNREFUSED: https://user:pw@hooks.example.com/x?key=s3cret ${token}`, 'error'),
    ).toBe('ECONNREFUSED: https://***@hooks.example.com/x?*** ***');
    expect(maskSecrets(`{"echo":"${token}","next":"https://a.example/?q=1"}`, 'excerpt')).toBe(
      '{"echo":"***","next":"https://a.example/?q=1"}',
    );
    expect(maskSecrets(null, 'error')).toBeNull();
  });
});
