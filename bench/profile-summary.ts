import { readFileSync } from 'node:fs';

/** The parts of a V8 .cpuprofile (node --cpu-prof) this summary needs. */
interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  selfMs: number;
  share: number;
}

/** Seconds from the profile's start at which each sample was taken. */
function sampleTimes(profile: CpuProfile): number[] {
  let t = 0;
  return profile.timeDeltas.map((d) => (t += d) / 1e6);
}

/**
 * Self time per function (and per file, with `byFile`), largest first; only samples taken within
 * [fromS, toS] seconds of the profile's start.
 */
export function summariseProfile(
  profile: CpuProfile,
  byFile = false,
  fromS = 0,
  toS = Infinity,
): ProfileRow[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const times = sampleTimes(profile);
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const f = byId.get(id)?.callFrame;
    if (!f || times[i] < fromS || times[i] > toS) {
      return;
    }
    const file = f.url.replace(/^file:\/\//, '').replace(/.*\/node_modules\//, '');
    const name = byFile
      ? file || `(${f.functionName || 'native'})`
      : `${f.functionName || '(anonymous)'} ${file ? `${file}:${f.lineNumber + 1}` : ''}`.trim();
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  });
  return [...self.entries()]
    .map(([name, selfMs]) => ({ name, selfMs, share: total ? selfMs / total : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

/** Share of each second that was not idle: finds the phases (start-up, a scan, a burst of webhooks). */
export function busyTimeline(profile: CpuProfile): number[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const times = sampleTimes(profile);
  const busy: number[] = [];
  profile.samples.forEach((id, i) => {
    const s = Math.floor(times[i]);
    busy[s] = busy[s] ?? 0;
    if (byId.get(id)?.callFrame.functionName !== '(idle)') {
      busy[s] += (profile.timeDeltas[i] ?? 0) / 1e6;
    }
  });
  return Array.from(busy, (b) => b ?? 0);
}

/**
 * `node dist/bench/profile-summary.js <file.cpuprofile> [--files] [--top N] [--from S] [--to S] [--timeline]`:
 * where the CPU time went, optionally within a window of seconds from the profile's start.
 */
function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((a) => a.endsWith('.cpuprofile'));
  if (!file) {
    process.stderr.write(
      'usage: profile-summary <file.cpuprofile> [--files] [--top N] [--from S] [--to S] [--timeline]\n',
    );
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const opt = (name: string, dflt: number) =>
    args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt;
  const rows = summariseProfile(profile, args.includes('--files'), opt('--from', 0), opt('--to', Infinity));
  process.stdout.write(`${file}: ${(wallMs / 1000).toFixed(1)} s profiled\n`);
  if (args.includes('--timeline')) {
    const line = busyTimeline(profile).map((b, s) => `${s}s:${Math.round(b * 100)}%`);
    process.stdout.write(`busy per second: ${line.join(' ')}\n`);
  }
  for (const r of rows.slice(0, opt('--top', 25))) {
    process.stdout.write(
      `${r.selfMs.toFixed(0).padStart(8)} ms ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.name}\n`,
    );
  }
}

if (require.main === module) {
  main();
}
