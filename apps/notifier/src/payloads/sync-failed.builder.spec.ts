import { buildSyncFailedBody, type SyncFailedInput } from './sync-failed.builder';

const input: SyncFailedInput = {
  repository: {
    repository_id: 'repo_0123456789abcdef01234567',
    github_url: 'https://github.com/acme/docs',
    owner: 'acme',
    name: 'docs',
  },
  message: 'fatal: could not read from remote "origin" <é>\u2028',
  consecutiveFailures: 5,
  threshold: 5,
  cooldownUntil: '2025-06-01T00:30:00.000Z',
  retryCount: 4,
  timestamp: '2025-06-01T00:00:00.000Z',
};

describe('buildSyncFailedBody', () => {
  it('should emit v1 keys in v1 order', () => {
    const parsed = JSON.parse(buildSyncFailedBody(input));
    expect(Object.keys(parsed)).toEqual([
      'event',
      'repository',
      'error',
      'circuit_breaker',
      'retry_count',
      'timestamp',
    ]);
    expect(Object.keys(parsed.repository)).toEqual(['repository_id', 'github_url', 'owner', 'name']);
    expect(Object.keys(parsed.error)).toEqual(['type', 'message']);
    expect(Object.keys(parsed.circuit_breaker)).toEqual([
      'status',
      'consecutive_failures',
      'threshold',
      'cooldown_until',
    ]);
  });

  it('should carry the input values with the fixed event, error type and status', () => {
    const parsed = JSON.parse(buildSyncFailedBody(input));
    expect(parsed).toEqual({
      event: 'sync_failed',
      repository: input.repository,
      error: { type: 'git_failure', message: input.message },
      circuit_breaker: {
        status: 'open',
        consecutive_failures: input.consecutiveFailures,
        threshold: input.threshold,
        cooldown_until: input.cooldownUntil,
      },
      retry_count: input.retryCount,
      timestamp: input.timestamp,
    });
  });

  it('should be compact JSON identical to its re-serialisation', () => {
    const body = buildSyncFailedBody(input);
    expect(body).toBe(JSON.stringify(JSON.parse(body)));
    expect(body).toContain('\u2028');
  });

  it('should ignore extra fields and field order of the repository object it is given', () => {
    const messy = {
      ...input,
      repository: { name: 'docs', owner: 'acme', extra: 'x', github_url: 'u', repository_id: 'r' },
    };
    const parsed = JSON.parse(buildSyncFailedBody(messy));
    expect(Object.keys(parsed.repository)).toEqual(['repository_id', 'github_url', 'owner', 'name']);
  });
});
