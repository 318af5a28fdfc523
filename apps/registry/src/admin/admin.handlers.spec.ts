import { AppError, ErrorCode } from '@lib/contracts';
import { validatedPatch } from './admin.handlers';

describe('validatedPatch', () => {
  it('should pass a valid partial body through', () => {
    expect(validatedPatch({ app_name: 'Docs site', website: null })).toEqual({
      app_name: 'Docs site',
      website: null,
    });
  });

  it('should refuse an unknown field (the registry trusts no caller)', () => {
    expect(() => validatedPatch({ token_digest: 'x'.repeat(64) })).toThrow(
      new AppError(ErrorCode.ValidationFailed, 'body/token_digest property token_digest should not exist'),
    );
  });

  it('should refuse null for a required onboarding field', () => {
    expect(() => validatedPatch({ email: null })).toThrow(AppError);
  });
});
