export enum SecretCipherErrorCode {
  InvalidKey = 'SECRET_CIPHER_INVALID_KEY',
  Malformed = 'SECRET_CIPHER_MALFORMED',
  UnknownKey = 'SECRET_CIPHER_UNKNOWN_KEY',
  DecryptionFailed = 'SECRET_CIPHER_DECRYPTION_FAILED',
}

/** Raised by SecretCipher. Messages never contain a key, a plaintext or the encrypted blob. */
export class SecretCipherError extends Error {
  constructor(
    readonly code: SecretCipherErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SecretCipherError';
  }
}
