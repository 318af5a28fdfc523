import { Provider } from '@nestjs/common';
import { DOCORA_CONFIG, DocoraConfig } from '@lib/config';
import { createGitEngine, GitEngine } from '@lib/git';

export const GIT_ENGINE = Symbol('GIT_ENGINE');

/** GIT_ENGINE=auto|isomorphic|native (auto: native when a git binary is on PATH). */
export const gitEngineProvider: Provider = {
  provide: GIT_ENGINE,
  inject: [DOCORA_CONFIG],
  useFactory: (config: DocoraConfig): GitEngine => createGitEngine(config.git.engine),
};
