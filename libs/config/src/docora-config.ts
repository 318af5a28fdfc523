/** The typed, frozen configuration every app receives. Built only by loadConfig(). */
export interface DocoraConfig {
  env: 'development' | 'production' | 'test';
  /** trustProxy is Express's `trust proxy` value (TRUST_PROXY). */
  http: { host: string; port: number; corsOrigin: string; trustProxy: boolean | number | string[] };
  db: { url: string };
  redis: { url: string };
  nats: { url: string };
  namespace: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'verbose';
  secrets: { encryptionKey: string; previousEncryptionKeys: string[]; encryptionKeyGenerated: boolean };
  admin: { username?: string; password?: string; sessionSecret?: string; loginRateLimitPerMinute: number };
  rateLimitPerMinute: number;
  github: { url: string; apiUrl: string };
  git: { engine: 'auto' | 'isomorphic' | 'native'; cacheDir: string; maxFileSizeBytes: number };
  scan: { tickMs: number; intervalMs: number; concurrency: number };
  blobGc: { intervalMs: number; graceMs: number };
  breaker: { threshold: number; cooldownMs: number };
  chunking: { thresholdBytes: number; chunkSizeChars: number };
  delivery: {
    retryScheduleMs: number[];
    endpointBreakerThreshold: number;
    endpointBreakerCooldownMs: number;
    leaseMs: number;
    /** Lanes per notifier process, and per app across all of them. */
    concurrency: number;
    concurrencyPerApp: number;
    allowPrivateUrls: boolean;
    /** Completed deliveries older than this leave the delivery log (0: never). */
    logRetentionMs: number;
    logPruneIntervalMs: number;
  };
  hooks: { githubSecret?: string; giteaSecret?: string; gitlabToken?: string; rateLimitPerMinute: number };
  reconcileIntervalMs: number;
  /** GET /version: package.json version, BUILD_NUMBER, COMMIT_SHA, BUILD_DATE (default: process start). */
  build: { version: string; buildNumber: string; gitSha: string; buildDate: string };
}
