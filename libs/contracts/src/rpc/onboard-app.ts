import { IsEmail, IsOptional, IsString, IsUrl, Length, MaxLength } from 'class-validator';

/** Admin onboarding of a client app (v1 §3.2 OnboardRequest; messages as v1). */
export class OnboardAppRequest {
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'Must use HTTP or HTTPS' },
  )
  base_url: string;

  @IsString() @Length(3, 100, { message: 'App name must be between 3 and 100 characters' }) app_name: string;

  @IsString() @MaxLength(255) @IsEmail({}, { message: 'Must be a valid email' }) email: string;

  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl({ require_protocol: true }, { message: 'Must be a valid URL' })
  website?: string;

  @IsOptional() @IsString() @MaxLength(500) description?: string;

  @IsString()
  @Length(16, 500, { message: 'Auth key must be between 16 and 500 characters' })
  client_auth_key: string;
}

export interface OnboardAppResponse {
  app_id: string;
  token: string;
  created_at: string;
}
