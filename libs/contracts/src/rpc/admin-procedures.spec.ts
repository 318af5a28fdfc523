import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { UpdateAppBody } from './admin-procedures';
import { OnboardAppRequest } from './onboard-app';

const VALID_ONBOARD = {
  base_url: 'https://hooks.example.com/docora',
  app_name: 'Docs site',
  email: 'dev@example.com',
  client_auth_key: 'k'.repeat(32),
};

function messages(cls: new () => object, body: object, field: string): string[] {
  return validateSync(plainToInstance(cls, body))
    .filter((e) => e.property === field)
    .flatMap((e) => Object.values(e.constraints ?? {}))
    .sort();
}

describe(UpdateAppBody.name, () => {
  it.each([
    ['base_url', 'ftp://hooks.example.com'],
    ['base_url', 'not a url'],
    ['base_url', `https://example.com/${'a'.repeat(2048)}`],
    ['app_name', 'ab'],
    ['app_name', 'x'.repeat(101)],
    ['email', 'not-an-email'],
    ['email', `${'a'.repeat(250)}@example.com`],
    ['website', 'example.com'],
    ['description', 'd'.repeat(501)],
    ['app_name', 42],
  ])('should refuse %s = %p with the same messages as onboarding', (field, value) => {
    const patch = messages(UpdateAppBody, { [field]: value }, field);
    expect(patch.length).toBeGreaterThan(0);
    expect(patch).toEqual(messages(OnboardAppRequest, { ...VALID_ONBOARD, [field]: value }, field));
  });

  it('should accept any single valid field', () => {
    for (const body of [
      { base_url: 'http://localhost:8080/hooks' },
      { app_name: 'abc' },
      { email: 'a@b.co' },
      { website: 'https://example.com' },
      { description: '' },
    ]) {
      expect(validateSync(plainToInstance(UpdateAppBody, body))).toEqual([]);
    }
  });

  it('should accept null to clear website and description', () => {
    expect(validateSync(plainToInstance(UpdateAppBody, { website: null, description: null }))).toEqual([]);
  });

  it.each(['base_url', 'app_name', 'email'])('should refuse null for the required field %s', (field) => {
    expect(validateSync(plainToInstance(UpdateAppBody, { [field]: null }))).not.toEqual([]);
  });
});
