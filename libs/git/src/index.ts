export { createGitEngine, type GitEngineChoice } from './git-engine.factory';
export {
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_LS_REMOTE_TIMEOUT_MS,
  EMPTY_TREE_OID,
  type FileMode,
  type GitEngine,
  type GitEngineName,
  type GitEngineOptions,
  type RemoteSpec,
  type TreeChange,
  type TreeChangeStatus,
} from './git-engine.port';
export { GitError, GitErrorCode } from './git-error';
export { compareUtf8 } from './git-input';
export { IsomorphicGitEngine } from './isomorphic-git.engine';
export { NativeGitEngine } from './native-git.engine';
export { detectNativeGit } from './native-git.process';
export { redactGitMessage } from './redact';
