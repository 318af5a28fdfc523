import { IsArray, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { AppError } from '@lib/contracts';
import { ArgumentMetadata } from '@nestjs/common';
import { createValidationPipe } from './validation.pipe';

class Body {
  @IsString({ message: 'Must be a URL' }) @MaxLength(20) url: string;

  @IsString() @Length(3, 10, { message: 'Name must be between 3 and 10 characters' }) name: string;

  @IsOptional() @IsArray() @IsString({ each: true }) @MaxLength(5, { each: true }) tags?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(10)
  @Matches(/^[a-z]+$/, { message: 'Invalid branch' })
  branch?: string;
}

const META: ArgumentMetadata = { type: 'body', metatype: Body };

async function details(value: unknown): Promise<string[]> {
  try {
    await createValidationPipe().transform(value, META);
  } catch (e) {
    return (e as AppError).details ?? [];
  }
  throw new Error('valid');
}

describe('createValidationPipe', () => {
  it('should report a missing field as required, not by whichever refinement ran first', async () => {
    expect(await details({})).toEqual(['body/url is required', 'body/name is required']);
  });

  it('should report a wrong type by the type check, with its own message', async () => {
    expect(await details({ url: 12, name: ['abc'] })).toEqual([
      'body/url Must be a URL',
      'body/name name must be a string',
    ]);
    expect(await details({ url: 'u', name: 'abc', tags: 'x' })).toEqual(['body/tags tags must be an array']);
    expect(await details({ url: 'u', name: 'abc', tags: [1] })).toEqual([
      'body/tags each value in tags must be a string',
    ]);
  });

  it('should report one refinement per field, the first declared that failed', async () => {
    expect(await details({ url: 'u'.repeat(21), name: 'ab' })).toEqual([
      'body/url url must be shorter than or equal to 20 characters',
      'body/name Name must be between 3 and 10 characters',
    ]);
    expect(await details({ url: 'u', name: 'abc', branch: 'A'.repeat(11) })).toEqual([
      'body/branch branch must be shorter than or equal to 10 characters',
    ]);
  });

  it('should refuse unknown properties by name', async () => {
    expect(await details({ url: 'u', name: 'abc', colour: 'blue' })).toEqual([
      'body/colour property colour should not exist',
    ]);
  });

  it('should pass a valid body through as an instance', async () => {
    await expect(createValidationPipe().transform({ url: 'u', name: 'abc' }, META)).resolves.toBeInstanceOf(
      Body,
    );
  });
});
