/**
 * Tracks, and can hold back, the object transfers (fetches) FakeGitHub serves per repository: how many are
 * in flight now (arrived, not finished), the most that ever were at once, and a hold that parks new fetches
 * until released, so a test can catch a client in the middle of a fetch.
 */
export class FetchGate {
  private readonly holds = new Map<string, { released: Promise<void>; release: () => void }>();
  private readonly current = new Map<string, number>();
  private readonly peaks = new Map<string, number>();

  /** Parks every fetch of `repo` ('owner/name') from now on; call the result to let them (and later ones) go. */
  hold(repo: string): () => void {
    const key = repo.toLowerCase();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(key, { released, release });
    return () => {
      if (this.holds.get(key)?.released === released) {
        this.holds.delete(key);
      }
      release();
    };
  }

  inFlight(repo: string): number {
    return this.current.get(repo.toLowerCase()) ?? 0;
  }

  /** The largest number of fetches of `repo` in flight at the same time since the last reset. */
  peak(repo: string): number {
    return this.peaks.get(repo.toLowerCase()) ?? 0;
  }

  reset(): void {
    this.peaks.clear();
  }

  /** Called by FakeGitHub around serving one fetch. */
  async enter(key: string): Promise<void> {
    const n = (this.current.get(key) ?? 0) + 1;
    this.current.set(key, n);
    this.peaks.set(key, Math.max(n, this.peaks.get(key) ?? 0));
    await this.holds.get(key)?.released;
  }

  leave(key: string): void {
    this.current.set(key, Math.max(0, (this.current.get(key) ?? 1) - 1));
  }
}
