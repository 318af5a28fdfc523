/** Example values shared by the document's schemas and operations, so that every example tells one story. */
export const EXAMPLE = {
  appId: 'app_8c1e2f3a4b5c6d7e8f9a0b1c',
  repositoryId: 'repo_3f2a9c1e7b4d5a6f8e9c0b1d',
  bearerToken: 'docora_5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592',
  githubUrl: 'https://github.com/acme/docs.site',
  githubToken: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  commitSha: '3f45c8560b1d2e7a9c4f6b8d0e2a4c6e8f0a1b3d',
  fileSha: '0652a7874f5e9b0b6bd8b0a1a7e7e8a2d3f0c2f4b2e1d9c8a7b6f5e4d3c2b1a0',
  previousSha: '9b74c9897bac770ffc029102a200c5de1a3f1c6fbe5b1b7a3e8d0b1c2d3e4f50',
  deliveryId: '4b1d2f0e-8c3a-4e7b-9f21-6a5d3c2b1e0f',
  chunkId: '7e57d004-2b97-4e7a-b45f-5387367791cd',
  timestamp: '2026-03-01T12:00:00.000Z',
  unixSeconds: '1772366400',
} as const;

/** The `repository` object of webhook bodies (and the identity part of public answers). */
export const EXAMPLE_REPOSITORY = {
  repository_id: EXAMPLE.repositoryId,
  github_url: EXAMPLE.githubUrl,
  owner: 'acme',
  name: 'docs.site',
};

export const EXAMPLE_REGISTRATION = {
  ...EXAMPLE_REPOSITORY,
  is_private: false,
  created_at: EXAMPLE.timestamp,
  branch: 'main',
  include: ['docs/**'],
  exclude: ['docs/drafts/**'],
};

export const EXAMPLE_SUBSCRIPTION = {
  ...EXAMPLE_REPOSITORY,
  branch: 'main',
  include: ['docs/**'],
  exclude: ['docs/drafts/**'],
  status: 'synced',
  retry_count: 0,
  last_error: null,
  last_scanned_at: '2026-03-01T12:05:00.000Z',
  last_delivered_commit: EXAMPLE.commitSha,
  head_commit: EXAMPLE.commitSha,
  circuit_state: 'closed',
  skipped_files: [{ path: 'assets/video.mp4', size: 157286400, reason: 'too_large' }],
  created_at: EXAMPLE.timestamp,
};

/** Webhook `file` objects: text, binary, and the first chunk of a large file. */
export const EXAMPLE_TEXT_FILE = {
  path: 'README.md',
  sha: EXAMPLE.fileSha,
  size: 13,
  content: '# Demo\nhello\n',
};
export const EXAMPLE_BINARY_FILE = {
  path: 'img/logo.png',
  sha: EXAMPLE.fileSha,
  size: 15,
  content: 'iVBORw0KGgoAAAAN/wAQ',
  content_encoding: 'base64',
};
export const EXAMPLE_CHUNKED_FILE = {
  path: 'media/intro.mp4',
  sha: EXAMPLE.fileSha,
  size: 1500000,
  content: 'AAAAIGZ0eXBpc29tAAACAGlzb21pc28y…',
  content_encoding: 'base64',
  chunk: { id: EXAMPLE.chunkId, index: 0, total: 4 },
};
/** The keys after `file` (bodies keep v1's key order: repository, file, [previous_sha,] commit_sha, timestamp). */
export const EXAMPLE_TAIL = { commit_sha: EXAMPLE.commitSha, timestamp: EXAMPLE.timestamp };
