import { AppError } from '@lib/contracts';
import { canonicalGithubUrl, parseGithubUrl, repositoryIdentity } from './github-url';

describe('parseGithubUrl', () => {
  const GH = 'https://github.com';

  it.each([
    ['https://github.com/acme/docs', 'acme', 'docs'],
    ['https://github.com/acme/docs.git', 'acme', 'docs'],
    ['https://github.com/acme/docs/', 'acme', 'docs'],
    ['https://github.com/vuejs/vue.js', 'vuejs', 'vue.js'],
    ['https://GitHub.com/Acme/Docs', 'Acme', 'Docs'],
    ['  https://github.com/a-b/c_d  ', 'a-b', 'c_d'],
  ])('should accept %s', (url, owner, name) => {
    expect(parseGithubUrl(url, GH)).toEqual({ owner, name });
  });

  it.each([
    'http://github.com/acme/docs',
    'https://gitlab.com/acme/docs',
    'https://github.com/acme',
    'https://github.com/acme/docs/tree/main',
    'https://github.com/acme/docs?x=1',
    'https://user:pw@github.com/acme/docs',
    'https://github.com/../etc/passwd',
    'https://github.com/acme/..',
    'https://github.com/-acme/docs',
    'not a url',
    'https://github.com/acme/do cs',
  ])('should refuse %s with a 400-style validation error', (url) => {
    expect(() => parseGithubUrl(url, GH)).toThrow(AppError);
    expect(() => parseGithubUrl(url, GH)).toThrow(/Must be a valid GitHub repository URL/);
  });

  it('should accept a GitHub Enterprise base with a path', () => {
    expect(parseGithubUrl('https://ghe.corp/git/acme/docs.git', 'https://ghe.corp/git')).toEqual({
      owner: 'acme',
      name: 'docs',
    });
    expect(() => parseGithubUrl('https://ghe.corp/acme/docs', 'https://ghe.corp/git')).toThrow(AppError);
  });
});

describe('repositoryIdentity', () => {
  it('should be case-insensitive', () => {
    expect(repositoryIdentity({ owner: 'Acme', name: 'Docs' })).toBe(
      repositoryIdentity({ owner: 'acme', name: 'docs' }),
    );
  });
});

describe('canonicalGithubUrl', () => {
  it('should not double the slash', () => {
    expect(canonicalGithubUrl('http://127.0.0.1:9/', { owner: 'A', name: 'b' })).toBe(
      'http://127.0.0.1:9/A/b',
    );
  });
});

describe('parseGithubUrl dot segments', () => {
  it.each(['https://github.com/a/b/../c', 'https://github.com/a/%2e%2e/c', 'https://github.com/./a/b'])(
    'should refuse %s',
    (url) => {
      expect(() => parseGithubUrl(url, 'https://github.com')).toThrow(AppError);
    },
  );
});
