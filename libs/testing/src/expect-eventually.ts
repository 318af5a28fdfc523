export interface EventuallyOptions {
  /** Default 10,000 ms. */
  timeoutMs?: number;
  /** Default 50 ms. */
  intervalMs?: number;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries `fn` (typically Jest assertions) until it stops throwing and resolves with its result; on timeout
 * rethrows the last error so the failure shows the real assertion diff. Polling, never a fixed sleep.
 */
export async function expectEventually<T>(
  fn: () => T | Promise<T>,
  opts: EventuallyOptions = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() + intervalMs > deadline) {
        throw e;
      }
    }
    await delay(intervalMs);
  }
}

/** Polls `cond` until it returns true; rejects with `message` (and the timeout) when it never does. */
export async function waitUntil(
  cond: () => boolean | Promise<boolean>,
  opts: EventuallyOptions & { message?: string } = {},
): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) {
      return;
    }
    if (Date.now() + intervalMs > deadline) {
      throw new Error(
        `waitUntil timed out after ${timeoutMs} ms: ${opts.message ?? 'condition never became true'}`,
      );
    }
    await delay(intervalMs);
  }
}
