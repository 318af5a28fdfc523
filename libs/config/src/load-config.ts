import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { docoraVersion, processStartedAt } from './build-info';
import { DocoraConfig } from './docora-config';
import { EnvSchema } from './env.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_RETRY_SCHEDULE = '5s,30s,2m,10m,30m,1h,3h,6h,12h';
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m) {
    throw new ConfigError([`invalid duration "${text}"`]);
  }
  return Math.round(Number(m[1]) * UNIT_MS[m[2]]);
}

function retrySchedule(env: EnvSchema): number[] {
  if (env.DELIVERY_RETRY_SCHEDULE) {
    return env.DELIVERY_RETRY_SCHEDULE.split(',').map(parseDuration);
  }
  // v1 compatibility: MAX_RETRY_ATTEMPTS counts attempts, so there are MAX-1 retries at base × 2^n.
  if (env.MAX_RETRY_ATTEMPTS !== undefined || env.RETRY_BASE_DELAY_MS !== undefined) {
    const attempts = env.MAX_RETRY_ATTEMPTS ?? 5;
    const base = env.RETRY_BASE_DELAY_MS ?? 1000;
    return Array.from({ length: attempts - 1 }, (_, n) => base * 2 ** n);
  }
  return DEFAULT_RETRY_SCHEDULE.split(',').map(parseDuration);
}

/**
 * Outside production a missing ENCRYPTION_KEY is generated once and kept in .docora/encryption.key (0600), so
 * `npm start` works on a fresh clone and restarts can still decrypt what they stored. Production must set it.
 */
function developmentKey(stateDir: string): string {
  const file = resolve(stateDir, 'encryption.key');
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

/** Express `trust proxy`: off by default, so a forged X-Forwarded-For cannot pick the rate-limit bucket. */
function trustProxy(value: string): boolean | number | string[] {
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  return /^\d+$/.test(value) ? Number(value) : value.split(',').map((s) => s.trim());
}

let cached: DocoraConfig | undefined;

/** Validates the environment once per process; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DocoraConfig {
  if (cached && env === process.env) {
    return cached;
  }
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = plainToInstance(EnvSchema, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { whitelist: false, forbidUnknownValues: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((msg) =>
      msg.includes(e.property) ? msg : `${e.property}: ${msg}`,
    ),
  );
  const mode =
    parsed.NODE_ENV === 'production' ? 'production' : parsed.NODE_ENV === 'test' ? 'test' : 'development';
  if (mode === 'production' && !parsed.ENCRYPTION_KEY) {
    problems.push('ENCRYPTION_KEY is required in production (64 hex characters)');
  }
  if (parsed.BINARY_CHUNK_SIZE_BYTES % 4 !== 0) {
    problems.push('BINARY_CHUNK_SIZE_BYTES must be a multiple of 4 (each chunk is whole base64 quads)');
  }
  if (problems.length) {
    throw new ConfigError(problems);
  }

  const stateDir = resolve('.docora');
  const config: DocoraConfig = {
    env: mode,
    http: {
      host: parsed.HOST,
      port: parsed.PORT,
      corsOrigin: parsed.CORS_ORIGIN,
      trustProxy: trustProxy(parsed.TRUST_PROXY),
    },
    db: { url: parsed.DATABASE_URL },
    redis: { url: parsed.REDIS_URL },
    nats: { url: parsed.NATS_URL },
    namespace: parsed.DOCORA_NAMESPACE,
    logLevel: parsed.LOG_LEVEL as DocoraConfig['logLevel'],
    secrets: {
      encryptionKey: (parsed.ENCRYPTION_KEY ?? developmentKey(stateDir)).toLowerCase(),
      previousEncryptionKeys: parsed.ENCRYPTION_KEYS_PREVIOUS?.toLowerCase().split(',') ?? [],
      encryptionKeyGenerated: !parsed.ENCRYPTION_KEY,
    },
    admin: {
      username: parsed.ADMIN_USERNAME,
      password: parsed.ADMIN_PASSWORD,
      sessionSecret: parsed.ADMIN_SESSION_SECRET,
      loginRateLimitPerMinute: parsed.ADMIN_LOGIN_RATE_LIMIT_PER_MINUTE,
    },
    rateLimitPerMinute: parsed.RATE_LIMIT_PER_MINUTE,
    github: { url: parsed.GITHUB_URL, apiUrl: parsed.GITHUB_API_URL },
    git: {
      engine: parsed.GIT_ENGINE,
      cacheDir: resolve(parsed.GIT_CACHE_DIR),
      maxFileSizeBytes: parsed.MAX_FILE_SIZE_BYTES,
    },
    scan: {
      tickMs: parsed.SCAN_INTERVAL_MS,
      intervalMs: parsed.RESCAN_INTERVAL_MS,
      concurrency: parsed.SCAN_CONCURRENCY,
    },
    blobGc: { intervalMs: parsed.BLOB_GC_INTERVAL_MS, graceMs: parsed.BLOB_GC_GRACE_MS },
    breaker: { threshold: parsed.CIRCUIT_BREAKER_THRESHOLD, cooldownMs: parsed.CIRCUIT_BREAKER_COOLDOWN_MS },
    chunking: {
      thresholdBytes: parsed.BINARY_CHUNK_THRESHOLD_BYTES,
      chunkSizeChars: parsed.BINARY_CHUNK_SIZE_BYTES,
    },
    delivery: {
      retryScheduleMs: retrySchedule(parsed),
      endpointBreakerThreshold: parsed.ENDPOINT_BREAKER_THRESHOLD,
      endpointBreakerCooldownMs: parsed.ENDPOINT_BREAKER_COOLDOWN_MS,
      leaseMs: parsed.DELIVERY_LEASE_MS,
      concurrency: parsed.DELIVERY_CONCURRENCY,
      concurrencyPerApp: parsed.DELIVERY_CONCURRENCY_PER_APP,
      allowPrivateUrls: parsed.ALLOW_PRIVATE_URLS,
      logRetentionMs: parsed.DELIVERY_LOG_RETENTION_DAYS * 86_400_000,
      logPruneIntervalMs: parsed.DELIVERY_LOG_PRUNE_INTERVAL_MS,
    },
    hooks: {
      githubSecret: parsed.GITHUB_WEBHOOK_SECRET,
      giteaSecret: parsed.GITEA_WEBHOOK_SECRET,
      gitlabToken: parsed.GITLAB_WEBHOOK_TOKEN,
      rateLimitPerMinute: parsed.HOOK_RATE_LIMIT_PER_MINUTE,
    },
    reconcileIntervalMs: parsed.RECONCILE_INTERVAL_MS,
    build: {
      version: docoraVersion(),
      buildNumber: parsed.BUILD_NUMBER,
      gitSha: parsed.COMMIT_SHA,
      buildDate: parsed.BUILD_DATE ?? processStartedAt(),
    },
  };
  const frozen = deepFreeze(config);
  if (env === process.env) {
    cached = frozen;
  }
  return frozen;
}

/** Tests change process.env between cases. */
export function clearConfigCache(): void {
  cached = undefined;
}

/** Read-only access for the few places that pass environment on to child processes (git). */
export function processEnv(): NodeJS.ProcessEnv {
  return process.env;
}

function deepFreeze<T>(o: T): T {
  for (const v of Object.values(o as object)) {
    if (v && typeof v === 'object') {
      deepFreeze(v);
    }
  }
  return Object.freeze(o);
}
