import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type EngineName = 'isomorphic' | 'native';
export const SCENARIOS = [
  'initial',
  'no-change',
  'push',
  'fanout',
  'throughput',
  'poll',
  'memory',
  'delivery',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  json: boolean;
  quick: boolean;
  runs: number;
  engines: EngineName[];
  cacheDir: string;
  /** Also write the JSON object to this file. */
  out: string | null;
  only: Scenario[];
  /** Write V8 CPU profiles of Docora's processes into this directory (node --cpu-prof). */
  cpuProfDir: string | null;
}

export const USAGE = `Usage: npm run -s bench -- [options]
  --json              print exactly one JSON object on stdout (logs go to stderr)
  --quick             small repositories and fewer samples (smoke run, ~2 min)
  --runs N            fresh environments per engine; figures are medians (default 3, --quick: 1)
  --engine E          auto | native | isomorphic | all (default all; auto = native when git is installed)
  --only LIST         comma-separated subset of: ${SCENARIOS.join(', ')}
  --cache-dir DIR     where generated repositories are cached (default $TMPDIR/docora-bench-cache)
  --out FILE          also write the JSON object to FILE
  --cpu-prof DIR      write V8 CPU profiles of Docora's processes (one per process) into DIR`;

/** Parses argv (without node and script). `nativeAvailable` resolves `auto`. Throws on a bad option. */
export function parseOptions(argv: string[], nativeAvailable: boolean): BenchOptions {
  const opts: BenchOptions = {
    json: false,
    quick: false,
    runs: 0,
    engines: nativeAvailable ? ['native', 'isomorphic'] : ['isomorphic'],
    cacheDir: join(tmpdir(), 'docora-bench-cache'),
    out: null,
    only: [...SCENARIOS],
    cpuProfDir: null,
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) {
      throw new Error(`${flag} needs a value`);
    }
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--json':
        opts.json = true;
        break;
      case '--quick':
        opts.quick = true;
        break;
      case '--runs': {
        const n = Number(value(i++, a));
        if (!Number.isInteger(n) || n < 1 || n > 50) {
          throw new Error('--runs must be an integer from 1 to 50');
        }
        opts.runs = n;
        break;
      }
      case '--engine': {
        const e = value(i++, a);
        if (e === 'all') {
          opts.engines = nativeAvailable ? ['native', 'isomorphic'] : ['isomorphic'];
        } else if (e === 'auto') {
          opts.engines = [nativeAvailable ? 'native' : 'isomorphic'];
        } else if (e === 'native' || e === 'isomorphic') {
          if (e === 'native' && !nativeAvailable) {
            throw new Error('--engine native needs git >= 2.32 on PATH');
          }
          opts.engines = [e];
        } else {
          throw new Error(`--engine must be auto, native, isomorphic or all (got ${e})`);
        }
        break;
      }
      case '--only': {
        const list = value(i++, a)
          .split(',')
          .map((s) => s.trim());
        const bad = list.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
        if (bad.length) {
          throw new Error(`--only: unknown scenario(s) ${bad.join(', ')}; known: ${SCENARIOS.join(', ')}`);
        }
        opts.only = list as Scenario[];
        break;
      }
      case '--cache-dir':
        opts.cacheDir = value(i++, a);
        break;
      case '--out':
        opts.out = value(i++, a);
        break;
      case '--cpu-prof':
        opts.cpuProfDir = value(i++, a);
        break;
      default:
        throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  if (opts.runs === 0) {
    opts.runs = opts.quick ? 1 : 3;
  }
  return opts;
}
