import {
  EXAMPLE,
  EXAMPLE_CHUNKED_FILE,
  EXAMPLE_REPOSITORY,
  EXAMPLE_TAIL,
  EXAMPLE_TEXT_FILE,
} from './openapi.examples';
import { REPOSITORY_ID } from './openapi.schemas';
import { ref, SchemaObject } from './openapi.types';

/**
 * Outbound webhook bodies (Docora → app), as components. OpenAPI 3.0.3 has no top-level `webhooks` (that is 3.1):
 * openapi.webhook-callbacks.ts attaches them to the onboarding operation as callbacks. Shapes: SPEC §4, built by
 * apps/notifier/src/payloads.
 */

const SHA256: SchemaObject = {
  type: 'string',
  pattern: '^[0-9a-f]{64}$',
  description: "SHA-256 of the file's raw bytes (not git's blob id).",
};
const COMMIT: SchemaObject = { type: 'string', description: 'The commit the change belongs to (hex).' };
const BUILT_AT: SchemaObject = {
  type: 'string',
  format: 'date-time',
  description: 'When the payload was built; shared by every chunk of one file.',
};

export const WEBHOOK_SCHEMAS: Record<string, SchemaObject> = {
  WebhookRepository: {
    type: 'object',
    required: ['repository_id', 'github_url', 'owner', 'name'],
    properties: {
      repository_id: REPOSITORY_ID,
      github_url: { type: 'string' },
      owner: { type: 'string' },
      name: { type: 'string' },
    },
    example: EXAMPLE_REPOSITORY,
  },
  WebhookChunk: {
    type: 'object',
    description:
      'Present when the encoded content is longer than `BINARY_CHUNK_THRESHOLD_BYTES`: one webhook per slice of ' +
      '`BINARY_CHUNK_SIZE_BYTES` base64 characters. Concatenate the slices in `index` order, then decode.',
    required: ['id', 'index', 'total'],
    properties: {
      id: { type: 'string', format: 'uuid', description: 'Same for every slice, stable across retries.' },
      index: { type: 'integer', minimum: 0 },
      total: { type: 'integer', minimum: 2 },
    },
    example: EXAMPLE_CHUNKED_FILE.chunk,
  },
  WebhookFile: {
    type: 'object',
    description:
      'Text (valid UTF-8, no NUL byte in the first 8,000 bytes): `content` is the text and there is no ' +
      '`content_encoding`. Otherwise, and for every chunked file, `content` is base64 and ' +
      '`content_encoding` is `base64`.',
    required: ['path', 'sha', 'size', 'content'],
    properties: {
      path: { type: 'string', description: 'POSIX path from the repository root.' },
      sha: SHA256,
      size: { type: 'integer', minimum: 0, description: 'Size of the whole file in bytes.' },
      content: { type: 'string', description: 'The content, or this chunk of its base64.' },
      content_encoding: { type: 'string', enum: ['base64'] },
      chunk: ref('schemas', 'WebhookChunk'),
    },
    example: EXAMPLE_TEXT_FILE,
  },
  WebhookDeletedFile: {
    type: 'object',
    required: ['path', 'sha'],
    properties: {
      path: { type: 'string' },
      sha: { ...SHA256, description: 'The sha last delivered to the app for this path.' },
    },
    example: { path: 'docs/guide.md', sha: EXAMPLE.previousSha },
  },
  WebhookCreate: {
    type: 'object',
    description: 'Body of `POST {base_url}/create` (compact JSON, keys in this order).',
    required: ['repository', 'file', 'commit_sha', 'timestamp'],
    properties: {
      repository: ref('schemas', 'WebhookRepository'),
      file: ref('schemas', 'WebhookFile'),
      commit_sha: COMMIT,
      timestamp: BUILT_AT,
    },
    example: { repository: EXAMPLE_REPOSITORY, file: EXAMPLE_TEXT_FILE, ...EXAMPLE_TAIL },
  },
  WebhookUpdate: {
    type: 'object',
    description:
      'Body of `POST {base_url}/update`: as create, plus `previous_sha` between `file` and `commit_sha`.',
    required: ['repository', 'file', 'previous_sha', 'commit_sha', 'timestamp'],
    properties: {
      repository: ref('schemas', 'WebhookRepository'),
      file: ref('schemas', 'WebhookFile'),
      previous_sha: { ...SHA256, description: 'The sha the app had for this path.' },
      commit_sha: COMMIT,
      timestamp: BUILT_AT,
    },
    example: {
      repository: EXAMPLE_REPOSITORY,
      file: EXAMPLE_TEXT_FILE,
      previous_sha: EXAMPLE.previousSha,
      commit_sha: EXAMPLE.commitSha,
      timestamp: EXAMPLE.timestamp,
    },
  },
  WebhookDelete: {
    type: 'object',
    description: 'Body of `POST {base_url}/delete` (no size, content or previous_sha).',
    required: ['repository', 'file', 'commit_sha', 'timestamp'],
    properties: {
      repository: ref('schemas', 'WebhookRepository'),
      file: ref('schemas', 'WebhookDeletedFile'),
      commit_sha: COMMIT,
      timestamp: BUILT_AT,
    },
    example: {
      repository: EXAMPLE_REPOSITORY,
      file: { path: 'docs/guide.md', sha: EXAMPLE.previousSha },
      ...EXAMPLE_TAIL,
    },
  },
  WebhookSyncFailed: {
    type: 'object',
    description:
      "Body of `POST {base_url}/sync_failed`: sent once per opening of a repository's git circuit (after " +
      '`CIRCUIT_BREAKER_THRESHOLD` consecutive git failures) to every app watching it.',
    required: ['event', 'repository', 'error', 'circuit_breaker', 'retry_count', 'timestamp'],
    properties: {
      event: { type: 'string', enum: ['sync_failed'] },
      repository: ref('schemas', 'WebhookRepository'),
      error: {
        type: 'object',
        required: ['type', 'message'],
        properties: {
          type: { type: 'string', enum: ['git_failure'] },
          message: { type: 'string', description: "git's error, redacted of tokens and local paths." },
        },
      },
      circuit_breaker: {
        type: 'object',
        required: ['status', 'consecutive_failures', 'threshold', 'cooldown_until'],
        properties: {
          status: { type: 'string', enum: ['open'] },
          consecutive_failures: { type: 'integer', minimum: 1 },
          threshold: { type: 'integer', minimum: 1 },
          cooldown_until: { type: 'string', format: 'date-time' },
        },
      },
      retry_count: { type: 'integer', minimum: 0 },
      timestamp: BUILT_AT,
    },
    example: {
      event: 'sync_failed',
      repository: EXAMPLE_REPOSITORY,
      error: { type: 'git_failure', message: 'fatal: repository not found' },
      circuit_breaker: {
        status: 'open',
        consecutive_failures: 5,
        threshold: 5,
        cooldown_until: '2026-03-01T12:30:00.000Z',
      },
      retry_count: 5,
      timestamp: EXAMPLE.timestamp,
    },
  },
};
