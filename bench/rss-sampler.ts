import { readdirSync, readFileSync } from 'node:fs';

/** Reads VmRSS and VmHWM (peak resident set) of a process from /proc, in kB; null when it has gone. */
export function readMemory(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Direct children of a process (all threads), from /proc/<pid>/task/<tid>/children. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) {
        out.push(...text.split(/\s+/).map(Number));
      }
    }
  } catch {
    /* gone */
  }
  return out;
}

export interface RssReport {
  /** Peak RSS (VmHWM) per named root process, in MB. */
  peakMbByProcess: Record<string, number>;
  /** Largest peak RSS seen among the roots' descendants (git children), in MB; sampled, so a lower bound. */
  peakChildMb: number;
}

/**
 * Peak memory of Docora's processes. Each root's own peak is exact (the kernel's VmHWM high-water mark, read at
 * the end); child processes (git) are short-lived, so they are sampled every `intervalMs`.
 */
export class RssSampler {
  private readonly timer: NodeJS.Timeout;
  private childPeakKb = 0;

  constructor(
    private readonly roots: Record<string, number>,
    intervalMs = 50,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    const stack = Object.values(this.roots).flatMap((p) => childPids(p));
    while (stack.length) {
      const pid = stack.pop() as number;
      const m = readMemory(pid);
      if (m) {
        this.childPeakKb = Math.max(this.childPeakKb, m.hwmKb, m.rssKb);
      }
      stack.push(...childPids(pid));
    }
  }

  stop(): RssReport {
    clearInterval(this.timer);
    this.sample();
    const peakMbByProcess: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.roots)) {
      peakMbByProcess[name] = Math.round((readMemory(pid)?.hwmKb ?? 0) / 1024);
    }
    return { peakMbByProcess, peakChildMb: Math.round(this.childPeakKb / 1024) };
  }
}
