import { ConfigError, loadConfig, parseDuration } from './load-config';

const KEY = 'a'.repeat(64);

describe('loadConfig', () => {
  it('should apply v1 defaults', () => {
    const c = loadConfig({ ENCRYPTION_KEY: KEY });
    expect(c.http.port).toBe(3000);
    expect(c.scan).toEqual({ tickMs: 60_000, intervalMs: 300_000, concurrency: 5 });
    expect(c.breaker).toEqual({ threshold: 5, cooldownMs: 1_800_000 });
    expect(c.chunking).toEqual({ thresholdBytes: 1_048_576, chunkSizeChars: 524_288 });
    expect(c.namespace).toBe('docora');
    expect(c.delivery.retryScheduleMs).toEqual([
      5e3, 30e3, 120e3, 600e3, 1800e3, 3600e3, 10800e3, 21600e3, 43200e3,
    ]);
    expect(c.delivery).toMatchObject({
      endpointBreakerThreshold: 10,
      endpointBreakerCooldownMs: 60_000,
      concurrency: 32,
      concurrencyPerApp: 4,
    });
    expect(Object.isFrozen(c.http)).toBe(true);
  });

  it('should read the delivery concurrency and refuse zero', () => {
    const c = loadConfig({
      ENCRYPTION_KEY: KEY,
      DELIVERY_CONCURRENCY: '8',
      DELIVERY_CONCURRENCY_PER_APP: '2',
    });
    expect([c.delivery.concurrency, c.delivery.concurrencyPerApp]).toEqual([8, 2]);
    expect(() => loadConfig({ ENCRYPTION_KEY: KEY, DELIVERY_CONCURRENCY_PER_APP: '0' })).toThrow(
      /DELIVERY_CONCURRENCY_PER_APP/,
    );
  });

  it('should name every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', ENCRYPTION_KEY: 'short', NATS_URL: 'http://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text).toContain('PORT');
    expect(text).toContain('ENCRYPTION_KEY must be 64 hex characters');
    expect(text).toContain('NATS_URL');
    expect(text).not.toContain('short');
  });

  it('should require ENCRYPTION_KEY in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ENCRYPTION_KEY is required/);
  });

  it('should derive the v1 retry schedule from MAX_RETRY_ATTEMPTS and RETRY_BASE_DELAY_MS', () => {
    const c = loadConfig({ ENCRYPTION_KEY: KEY, MAX_RETRY_ATTEMPTS: '4', RETRY_BASE_DELAY_MS: '100' });
    expect(c.delivery.retryScheduleMs).toEqual([100, 200, 400]);
  });

  it('should parse DELIVERY_RETRY_SCHEDULE', () => {
    const c = loadConfig({ ENCRYPTION_KEY: KEY, DELIVERY_RETRY_SCHEDULE: '200ms, 1.5s,2m,1h' });
    expect(c.delivery.retryScheduleMs).toEqual([200, 1500, 120_000, 3_600_000]);
  });

  it('should reject a chunk size that is not a multiple of 4', () => {
    expect(() => loadConfig({ ENCRYPTION_KEY: KEY, BINARY_CHUNK_SIZE_BYTES: '1001' })).toThrow(
      /multiple of 4/,
    );
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['2', 2],
    ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
  ])('should read TRUST_PROXY=%s as %j', (value, expected) => {
    const c = loadConfig({ ENCRYPTION_KEY: KEY, ...(value === undefined ? {} : { TRUST_PROXY: value }) });
    expect(c.http.trustProxy).toEqual(expected);
  });

  it('should refuse a malformed TRUST_PROXY', () => {
    expect(() => loadConfig({ ENCRYPTION_KEY: KEY, TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });

  it('should report build metadata with local defaults', () => {
    const c = loadConfig({ ENCRYPTION_KEY: KEY });
    expect(c.build).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      buildNumber: 'dev',
      gitSha: 'local',
      buildDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const ci = loadConfig({
      ENCRYPTION_KEY: KEY,
      BUILD_NUMBER: '481',
      COMMIT_SHA: 'abc1234',
      BUILD_DATE: '2026-03-01T10:00:00Z',
    });
    expect(ci.build).toMatchObject({
      buildNumber: '481',
      gitSha: 'abc1234',
      buildDate: '2026-03-01T10:00:00Z',
    });
    expect(() => loadConfig({ ENCRYPTION_KEY: KEY, BUILD_DATE: 'yesterday' })).toThrow(/BUILD_DATE/);
  });
});

describe('parseDuration', () => {
  it.each([
    ['10ms', 10],
    ['2s', 2000],
    ['3m', 180_000],
    ['1h', 3_600_000],
  ])('should parse %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('should refuse a unitless number', () => expect(() => parseDuration('10')).toThrow(ConfigError));
});
