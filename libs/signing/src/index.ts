export {
  generateAppId,
  generateBearerToken,
  generateOperationId,
  generateRepositoryId,
  isAppIdFormat,
  isBearerTokenFormat,
  isRepositoryIdFormat,
  tokenDigest,
} from './identifiers.util';
export { safeEqual, verifyGiteaSignature, verifyGitHubSignature } from './inbound-signature.util';
export { SecretCipherError, SecretCipherErrorCode } from './secret-cipher.error';
export { SecretCipher } from './secret-cipher.service';
export { WebhookSigner } from './webhook-signer.service';
export type { WebhookSignatureHeaders, WebhookSignInput } from './webhook-signer.service';
