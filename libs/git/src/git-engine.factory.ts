import type { GitEngine, GitEngineOptions } from './git-engine.port';
import { GitError, GitErrorCode } from './git-error';
import { IsomorphicGitEngine } from './isomorphic-git.engine';
import { NativeGitEngine } from './native-git.engine';
import { detectNativeGit } from './native-git.process';

export type GitEngineChoice = 'auto' | 'isomorphic' | 'native';

/**
 * `auto` picks the native engine when a git binary (>= 2.32, for environment config) is on PATH, else
 * isomorphic-git. `native` without such a binary fails at start-up rather than on the first scan.
 */
export function createGitEngine(choice: GitEngineChoice, options: GitEngineOptions = {}): GitEngine {
  if (choice === 'isomorphic') {
    return new IsomorphicGitEngine(options);
  }
  const binary = options.gitBinary ?? detectNativeGit()?.binary;
  if (binary) {
    return new NativeGitEngine(binary, options);
  }
  if (choice === 'native') {
    throw new GitError(GitErrorCode.Failed, 'GIT_ENGINE=native needs git >= 2.32 on PATH');
  }
  return new IsomorphicGitEngine(options);
}
