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

/** Self time per function (and per file, with `byFile`), largest first. */
export function summariseProfile(profile: CpuProfile, byFile = false): ProfileRow[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const f = byId.get(id)?.callFrame;
    if (!f) {
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

/** `node dist/bench/profile-summary.js <file.cpuprofile> [--files] [--top N]`: where the CPU time went. */
function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: profile-summary <file.cpuprofile> [--files] [--top N]\n');
    process.exit(2);
  }
  const topIdx = args.indexOf('--top');
  const top = topIdx >= 0 ? Number(args[topIdx + 1]) : 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const rows = summariseProfile(profile, args.includes('--files'));
  process.stdout.write(`${file}: ${(wallMs / 1000).toFixed(1)} s profiled\n`);
  for (const r of rows.slice(0, top)) {
    process.stdout.write(
      `${r.selfMs.toFixed(0).padStart(8)} ms ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.name}\n`,
    );
  }
}

if (require.main === module) {
  main();
}
