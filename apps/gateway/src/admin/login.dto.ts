import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginBody {
  @IsString() @MinLength(1, { message: 'Username is required' }) @MaxLength(200) username: string;
  @IsString() @MinLength(1, { message: 'Password is required' }) @MaxLength(500) password: string;
}
