import { Logger } from '@nestjs/common';

/**
 * A background pass run every `intervalMs` and on demand, never overlapping itself: a call while a pass runs
 * joins that pass. Failures are logged, and the next tick tries again (the passes are level-triggered).
 */
export class PeriodicTask {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly pass: () => Promise<void>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    void this.run();
  }

  run(): Promise<void> {
    this.running ??= this.pass()
      .catch((e: unknown) => this.logger.warn(`${this.name} pass failed: ${(e as Error).message}`))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
