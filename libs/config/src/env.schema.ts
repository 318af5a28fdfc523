import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/**
 * Every environment variable Docora reads (SPEC §8, v1 §8), with its default. Validated once at start-up; a bad
 * value stops the process with a message that names the variable.
 */
export class EnvSchema {
  @IsOptional() @IsIn(['development', 'production', 'test', 'dev']) NODE_ENV = 'development';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '0.0.0.0';
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://root@127.0.0.1:5432/docora';
  @IsString() @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' }) REDIS_URL =
    'redis://127.0.0.1:6379';
  @IsString() @Matches(/^(nats|tls):\/\//, { message: 'NATS_URL must be a nats:// URL' }) NATS_URL =
    'nats://127.0.0.1:4222';
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'ENCRYPTION_KEY must be 64 hex characters (32 bytes)' })
  ENCRYPTION_KEY?: string;
  /** Comma-separated older keys, still accepted for decryption while secrets are re-encrypted. */
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}(,[0-9a-fA-F]{64})*$/, {
    message: 'ENCRYPTION_KEYS_PREVIOUS must be comma-separated 64-hex keys',
  })
  ENCRYPTION_KEYS_PREVIOUS?: string;
  @IsOptional() @IsString() @MinLength(1) ADMIN_USERNAME?: string;
  @IsOptional() @IsString() @MinLength(1) ADMIN_PASSWORD?: string;
  @ValidateIf((o: EnvSchema) => o.ADMIN_SESSION_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'ADMIN_SESSION_SECRET must be at least 32 characters' })
  ADMIN_SESSION_SECRET?: string;
  @Transform(toInt) @IsInt() @Min(10) SCAN_INTERVAL_MS = 60_000;
  @Transform(toInt) @IsInt() @Min(10) RESCAN_INTERVAL_MS = 300_000;
  @Transform(toInt) @IsInt() @Min(1) @Max(100) SCAN_CONCURRENCY = 5;
  @Transform(toInt) @IsOptional() @IsInt() @Min(1) MAX_RETRY_ATTEMPTS?: number;
  @Transform(toInt) @IsOptional() @IsInt() @Min(1) RETRY_BASE_DELAY_MS?: number;
  @Transform(toInt) @IsInt() @Min(1) CIRCUIT_BREAKER_THRESHOLD = 5;
  @Transform(toInt) @IsInt() @Min(0) CIRCUIT_BREAKER_COOLDOWN_MS = 1_800_000;
  @Transform(toInt) @IsInt() @Min(1) BINARY_CHUNK_THRESHOLD_BYTES = 1_048_576;
  @Transform(toInt) @IsInt() @Min(4) BINARY_CHUNK_SIZE_BYTES = 524_288;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'verbose']) LOG_LEVEL = 'info';
  @IsString() CORS_ORIGIN = '*';
  @IsString()
  @Matches(/^https?:\/\/[^/]+(\/.*[^/])?$/, {
    message: 'GITHUB_URL must be an http(s) URL without a trailing slash',
  })
  GITHUB_URL = 'https://github.com';
  @IsString()
  @Matches(/^https?:\/\/[^/]+(\/.*[^/])?$/, {
    message: 'GITHUB_API_URL must be an http(s) URL without a trailing slash',
  })
  GITHUB_API_URL = 'https://api.github.com';
  @IsIn(['auto', 'isomorphic', 'native']) GIT_ENGINE: 'auto' | 'isomorphic' | 'native' = 'auto';
  @IsString() GIT_CACHE_DIR = '.docora/git-cache';
  @IsOptional() @IsString() @MinLength(1) GITHUB_WEBHOOK_SECRET?: string;
  @IsOptional() @IsString() @MinLength(1) GITEA_WEBHOOK_SECRET?: string;
  @IsOptional() @IsString() @MinLength(1) GITLAB_WEBHOOK_TOKEN?: string;
  @Transform(toBool) @IsBoolean() ALLOW_PRIVATE_URLS = false;
  @IsOptional()
  @Matches(/^\s*\d+(\.\d+)?(ms|s|m|h)\s*(,\s*\d+(\.\d+)?(ms|s|m|h)\s*)*$/, {
    message: 'DELIVERY_RETRY_SCHEDULE must be comma-separated delays like 5s,30s,2m',
  })
  DELIVERY_RETRY_SCHEDULE?: string;
  @Transform(toInt) @IsInt() @Min(1) ENDPOINT_BREAKER_THRESHOLD = 10;
  @Transform(toInt) @IsInt() @Min(0) ENDPOINT_BREAKER_COOLDOWN_MS = 60_000;
  @Transform(toInt) @IsInt() @Min(1) MAX_FILE_SIZE_BYTES = 100 * 1024 * 1024;
  /** How often the scanner collects unreferenced blobs (and forgets branches nobody watches). */
  @Transform(toInt) @IsInt() @Min(100) BLOB_GC_INTERVAL_MS = 3_600_000;
  /** How long a blob stays unreferenced before it is deleted: keep it above the longest scan. */
  @Transform(toInt) @IsInt() @Min(0) BLOB_GC_GRACE_MS = 3_600_000;
  @Transform(toInt) @IsInt() @Min(1) RATE_LIMIT_PER_MINUTE = 100;
  @Transform(toInt) @IsInt() @Min(1) ADMIN_LOGIN_RATE_LIMIT_PER_MINUTE = 5;
  /** Push hooks (`/hooks/*`) per client address, in their own bucket: a burst of pushes must not eat the API's. */
  @Transform(toInt) @IsInt() @Min(1) HOOK_RATE_LIMIT_PER_MINUTE = 600;
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,39}$/, {
    message: 'DOCORA_NAMESPACE must be lower-case letters, digits, - or _',
  })
  DOCORA_NAMESPACE = 'docora';
  /** Days a completed delivery (and its attempts) stays in the delivery log; 0 keeps them forever. */
  @Transform(toInt) @IsInt() @Min(0) @Max(3650) DELIVERY_LOG_RETENTION_DAYS = 30;
  /** How often the notifier removes deliveries older than the retention. */
  @Transform(toInt) @IsInt() @Min(100) DELIVERY_LOG_PRUNE_INTERVAL_MS = 3_600_000;
  /** Delivery lanes (app × repository) one notifier process sends at once. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) DELIVERY_CONCURRENCY = 32;
  /** Lanes of one app sending at once (all notifiers): a hanging endpoint holds at most this many. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) DELIVERY_CONCURRENCY_PER_APP = 4;
  /** How long a notifier holds a delivery lane before another replica may take it over (renewed while alive). */
  @Transform(toInt) @IsInt() @Min(1000) DELIVERY_LEASE_MS = 15_000;
  /** Period of the level-triggered reconciliation sweeps (diff, notifier) that back up the events. */
  @Transform(toInt) @IsInt() @Min(100) RECONCILE_INTERVAL_MS = 30_000;
  /**
   * Whose X-Forwarded-For to believe for the client address (rate limits, login limit): `false` (the socket
   * peer), `true` (any), a hop count, or comma-separated addresses/CIDRs (`loopback`, `uniquelocal` allowed).
   */
  @IsString()
  @Matches(/^(true|false|\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count or comma-separated addresses/CIDRs',
  })
  TRUST_PROXY = 'false';
  /** Build metadata served by GET /version (set by CI; local builds keep the defaults). */
  @IsString() BUILD_NUMBER = 'dev';
  @IsString() COMMIT_SHA = 'local';
  @IsOptional() @IsISO8601({}, { message: 'BUILD_DATE must be an ISO 8601 date' }) BUILD_DATE?: string;
}
