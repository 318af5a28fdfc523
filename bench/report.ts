import { formatTable } from './stats';

export type Figures = Record<string, unknown>;

interface Target {
  key: string;
  label: string;
  target: string;
  /** true: met, false: missed, null: not measured. */
  met: (f: Figures) => boolean | null;
}

const num = (f: Figures, k: string): number | null => (typeof f[k] === 'number' ? f[k] : null);
const check = (v: number | null, ok: (x: number) => boolean): boolean | null => (v === null ? null : ok(v));

/** SPEC §10, one row per JSON key. */
export const TARGETS: Target[] = [
  {
    key: 'no_change_check_ms',
    label: 'no-change check, 20k files',
    target: '< 50 ms, no object transfer',
    met: (f) => {
      const ms = check(num(f, 'no_change_check_ms'), (x) => x < 50);
      return ms === null
        ? null
        : ms && num(f, 'no_change_check_fetches') === 0 && num(f, 'no_change_check_api_calls') === 0;
    },
  },
  {
    key: 'push_to_webhook_ms',
    label: 'push → update webhook',
    target: '< 1000 ms',
    met: (f) => check(num(f, 'push_to_webhook_ms'), (x) => x < 1000),
  },
  {
    key: 'poll_to_webhook_ms',
    label: 'commit → webhook, polling only',
    target: '< poll interval + 1 s (max)',
    met: (f) => {
      const worst = num(f, 'poll_to_webhook_max_ms');
      const interval = num(f, 'poll_interval_ms');
      return worst === null || interval === null ? null : worst < interval + 1000;
    },
  },
  {
    key: 'initial_sync_s',
    label: 'initial sync, 20k files',
    target: '≤ 2× git clone --depth 1',
    met: (f) => check(num(f, 'initial_sync_ratio_vs_git_clone'), (x) => x <= 2),
  },
  { key: 'git_clone_depth1_s', label: 'native git clone --depth 1', target: '(reference)', met: () => null },
  {
    key: 'initial_sync_ratio_vs_git_clone',
    label: 'initial sync / git clone',
    target: '≤ 2',
    met: (f) => check(num(f, 'initial_sync_ratio_vs_git_clone'), (x) => x <= 2),
  },
  {
    key: 'webhooks_per_second',
    label: 'webhooks/s, one app, one repo',
    target: '≥ 1000',
    met: (f) => check(num(f, 'webhooks_per_second'), (x) => x >= 1000),
  },
  {
    key: 'peak_rss_mb',
    label: 'peak RSS, 200 MB repo sync',
    target: '< 300 MB',
    met: (f) => check(num(f, 'peak_rss_mb'), (x) => x < 300),
  },
  {
    key: 'fetches_per_commit_with_50_apps',
    label: 'git fetches, 1 commit, 50 apps',
    target: '1',
    met: (f) => check(num(f, 'fetches_per_commit_with_50_apps'), (x) => x === 1),
  },
];

function show(v: unknown): string {
  if (v === null || v === undefined) {
    return '–';
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
      return String(v);
    }
    return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const verdict = (m: boolean | null) => (m === null ? '' : m ? 'met' : 'MISSED');

/** The human-readable table: one column per engine, with the verdict against SPEC §10. */
export function renderTable(engines: Record<string, Figures>): string {
  const names = Object.keys(engines);
  const header = ['figure (JSON key)', 'target', ...names.flatMap((n) => [n, ''])];
  const rows = TARGETS.map((t) => [
    `${t.label} (${t.key})`,
    t.target,
    ...names.flatMap((n) => [show(engines[n][t.key]), verdict(t.met(engines[n]))]),
  ]);
  const detailKeys = [
    'no_change_check_e2e_ms',
    'push_trigger',
    'push_to_fetch_request_ms',
    'push_to_scan_recorded_ms',
    'poll_to_webhook_max_ms',
    'poll_interval_ms',
    'poll_detect_to_webhook_ms',
    'git_clone_depth1_bare_s',
    'initial_sync_peak_rss_mb',
    'peak_rss_git_child_mb',
    'large_repo_initial_sync_s',
    'large_repo_git_clone_depth1_s',
    'fanout_commit_to_last_webhook_ms',
    'webhooks_per_second_100_apps',
    'delivery_latency_healthy_ms',
    'delivery_latency_with_10_hanging_ms',
    'delivery_latency_with_10_hanging_max_ms',
  ];
  const details = detailKeys
    .filter((k) => names.some((n) => engines[n][k] !== undefined))
    .map((k) => [k, '', ...names.flatMap((n) => [show(engines[n][k]), ''])]);
  const perProcess = names.map(
    (n) => `peak RSS by process, ${n} (MB): ${show(engines[n].peak_rss_by_process_mb)}`,
  );
  return [formatTable(header, [...rows, ...details]), '', ...perProcess].join('\n');
}
