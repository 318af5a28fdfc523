import type { DocoraTestEnv } from '@lib/testing';

/**
 * The hooks every end-to-end file needs: stop the environment after the file, and print the processes' logs
 * after a failed test (the only way to see what Docora did).
 */
export function useEnvHooks(getEnv: () => DocoraTestEnv | undefined): void {
  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts) {
      console.log(getEnv()?.docora.allLogs());
    }
  });

  afterAll(async () => {
    await getEnv()?.stop();
  }, 60_000);
}
