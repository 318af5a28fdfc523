export { classifyContent, NUL_SCAN_BYTES } from './classify-content.util';
export {
  buildFileMessage,
  buildFileMessages,
  encodedContentLength,
  messageCount,
} from './file-message.builder';
export type { FileMessageInput } from './file-message.builder';
export type { ContentKind, FileEvent, WebhookEndpoint, WebhookRepository } from './payload.types';
export { repositoryObject } from './repository-object.util';
export { buildSyncFailedBody } from './sync-failed.builder';
export type { SyncFailedInput } from './sync-failed.builder';
export { webhookUrl } from './webhook-url.util';
