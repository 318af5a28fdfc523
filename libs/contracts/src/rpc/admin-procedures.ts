import {
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

/**
 * Body of PATCH /admin/api/apps/:appId: any of the onboarding fields an admin may change, with the same rules and
 * messages as OnboardAppRequest (the spec of onboard-app keeps the two in step). `client_auth_key` is not here:
 * a key change needs a grace period during which both keys sign (its own route).
 *
 * Required onboarding fields may be omitted but not nulled (`ValidateIf` instead of `IsOptional`, which would let
 * `null` through); the optional ones accept `null`, which clears them.
 */
export class UpdateAppBody {
  @ValidateIf((o: UpdateAppBody) => o.base_url !== undefined)
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'Must use HTTP or HTTPS' },
  )
  base_url?: string;

  @ValidateIf((o: UpdateAppBody) => o.app_name !== undefined)
  @IsString()
  @Length(3, 100, { message: 'App name must be between 3 and 100 characters' })
  app_name?: string;

  @ValidateIf((o: UpdateAppBody) => o.email !== undefined)
  @IsString()
  @MaxLength(255)
  @IsEmail({}, { message: 'Must be a valid email' })
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl({ require_protocol: true }, { message: 'Must be a valid URL' })
  website?: string | null;

  @IsOptional() @IsString() @MaxLength(500) description?: string | null;
}

/** Fields of UpdateAppBody, for checks that at least one was given. */
export const UPDATE_APP_FIELDS = ['base_url', 'app_name', 'email', 'website', 'description'] as const;

export interface UpdateAppRequest extends UpdateAppBody {
  app_id: string;
}

export interface AppRef {
  app_id: string;
}

/** The new bearer token, returned this once; the previous one stops working at once. */
export interface RotatedAppToken {
  app_id: string;
  token: string;
}

export interface UpdatedApp {
  app_id: string;
  updated_at: string;
}

/** Longest grace period of a client_auth_key rotation: 30 days. */
export const MAX_KEY_GRACE_SECONDS = 30 * 24 * 3600;
/** Grace period when the body gives none: a day, long enough for a receiver's deploy to pick up the new key. */
export const DEFAULT_KEY_GRACE_SECONDS = 24 * 3600;

/** Body of POST /admin/api/apps/:appId/client-key (same key rules as onboarding). */
export class RotateClientKeyBody {
  @IsString()
  @Length(16, 500, { message: 'Auth key must be between 16 and 500 characters' })
  client_auth_key: string;

  @IsOptional()
  @IsInt({ message: 'grace_seconds must be an integer number of seconds' })
  @Min(0)
  @Max(MAX_KEY_GRACE_SECONDS)
  grace_seconds?: number;
}

export interface RotateClientKeyRequest extends RotateClientKeyBody {
  app_id: string;
}

/** previous_key_expires_at: until when the replaced key still signs (null with a grace of 0). */
export interface RotatedClientKey {
  app_id: string;
  rotated_at: string;
  previous_key_expires_at: string | null;
}

/**
 * Admin maintenance of apps, answered by the registry (the owner of `apps`).
 * WARNING: subject names are durable; renaming one breaks rolling upgrades between gateway and registry.
 */
export const AdminProcedures = {
  RotateAppToken: 'registry.apps.token.rotate.v1',
  UpdateApp: 'registry.apps.update.v1',
  RotateClientKey: 'registry.apps.client-key.rotate.v1',
} as const;

export interface AdminProcedureMap {
  [AdminProcedures.RotateAppToken]: { request: AppRef; response: RotatedAppToken };
  [AdminProcedures.UpdateApp]: { request: UpdateAppRequest; response: UpdatedApp };
  [AdminProcedures.RotateClientKey]: { request: RotateClientKeyRequest; response: RotatedClientKey };
}
