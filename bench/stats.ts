/** Median of the finite values (mean of the middle two for an even count); null when there are none. */
export function median(values: Array<number | null | undefined>): number | null {
  const v = values
    .filter((x): x is number => typeof x === 'number' && Number.isFinite(x))
    .sort((a, b) => a - b);
  if (!v.length) {
    return null;
  }
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function max(values: Array<number | null | undefined>): number | null {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length ? Math.max(...v) : null;
}

/** Rounds to `digits` decimals, keeping null. */
export function round(x: number | null, digits = 1): number | null {
  if (x === null) {
    return null;
  }
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Webhooks per second from arrival times: (n - 1) intervals over the span from the first to the last arrival,
 * so the time before the first webhook (scan, planning) is not counted. Null below two arrivals or a zero span.
 */
export function ratePerSecond(arrivalsMs: number[]): number | null {
  if (arrivalsMs.length < 2) {
    return null;
  }
  const first = Math.min(...arrivalsMs);
  const last = Math.max(...arrivalsMs);
  return last > first ? ((arrivalsMs.length - 1) * 1000) / (last - first) : null;
}

/**
 * Combines per-run records into one: each numeric key becomes the median over runs (keys ending in `_max_ms`
 * take the maximum), other values come from the last run that has them.
 */
export function combineRuns(runs: Array<Record<string, unknown>>): Record<string, unknown> {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const values = runs.map((r) => r[k]).filter((v) => v !== undefined);
    if (values.length && values.every((v) => typeof v === 'number' || v === null)) {
      const nums = values;
      out[k] = round(k.endsWith('_max_ms') ? max(nums) : median(nums), 3);
    } else {
      out[k] = values[values.length - 1] ?? null;
    }
  }
  return out;
}

/** A plain text table with a header row, columns padded to the widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
