import { renderTable, TARGETS } from './report';

const met = (key: string, figures: Record<string, unknown>) =>
  (TARGETS.find((t) => t.key === key) as (typeof TARGETS)[number]).met(figures);

describe('bench report', () => {
  it('should judge each SPEC §10 target from the figures', () => {
    expect(
      met('no_change_check_ms', {
        no_change_check_ms: 20,
        no_change_check_fetches: 0,
        no_change_check_api_calls: 0,
      }),
    ).toBe(true);
    // Fast but it transferred objects: missed.
    expect(
      met('no_change_check_ms', {
        no_change_check_ms: 20,
        no_change_check_fetches: 1,
        no_change_check_api_calls: 0,
      }),
    ).toBe(false);
    expect(met('push_to_webhook_ms', { push_to_webhook_ms: 1000 })).toBe(false);
    expect(met('poll_to_webhook_ms', { poll_to_webhook_max_ms: 3900, poll_interval_ms: 3000 })).toBe(true);
    expect(met('poll_to_webhook_ms', { poll_to_webhook_max_ms: 4100, poll_interval_ms: 3000 })).toBe(false);
    expect(met('initial_sync_s', { initial_sync_ratio_vs_git_clone: 2 })).toBe(true);
    expect(met('webhooks_per_second', { webhooks_per_second: 999 })).toBe(false);
    expect(met('peak_rss_mb', { peak_rss_mb: 299 })).toBe(true);
    expect(met('fetches_per_commit_with_50_apps', { fetches_per_commit_with_50_apps: 2 })).toBe(false);
    expect(met('push_to_webhook_ms', {})).toBeNull();
  });

  it('should render one column pair per engine with the verdicts', () => {
    const table = renderTable({
      native: { push_to_webhook_ms: 400, peak_rss_mb: 180, peak_rss_by_process_mb: { scanner: 180 } },
      isomorphic: { push_to_webhook_ms: 1500 },
    });
    const push = table.split('\n').find((l) => l.includes('push_to_webhook_ms')) as string;
    expect(push).toMatch(/400\s+met\s+1500\s+MISSED/);
    expect(table).toContain('peak RSS by process, native (MB): {"scanner":180}');
  });
});
