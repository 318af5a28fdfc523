import { Octokit } from '@octokit/rest';
import * as fs from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { FakeGitHub } from './fake-github';

// Octokit logs every non-2xx answer; the 404 below is expected.
const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

// The fake must also satisfy the libraries Docora itself uses, not only native git.
describe(`${FakeGitHub.name} with Docora's clients`, () => {
  let gh: FakeGitHub;
  let work: string;

  beforeAll(async () => {
    gh = await FakeGitHub.start();
    work = await mkdtemp(join(tmpdir(), 'fake-github-clients-'));
  });
  afterAll(async () => {
    await gh.stop();
    await rm(work, { recursive: true, force: true });
  });
  beforeEach(() => gh.resetRequests());

  describe('isomorphic-git', () => {
    it('should list refs over protocol v2 and clone a private repository with onAuth', async () => {
      const repo = await gh.createRepo('acme/iso-private', { private: true, token: 'tok-iso' });
      const sha = await repo.commit({ 'README.md': '# iso\n' });
      const onAuth = () => ({ username: 'x-access-token', password: 'tok-iso' });

      const refs = await git.listServerRefs({ http, url: repo.cloneUrl, protocolVersion: 2, onAuth });
      expect(refs).toContainEqual({ ref: 'refs/heads/main', oid: sha });
      const dir = join(work, 'iso');
      await git.clone({ fs, http, dir, url: repo.cloneUrl, depth: 1, singleBranch: true, onAuth });
      expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('# iso\n');
      expect(gh.countFetches('acme/iso-private')).toBe(1);
    });

    it('should fail with HttpError 401 without credentials', async () => {
      const repo = await gh.createRepo('acme/iso-locked', { private: true, token: 'tok-locked' });

      await expect(
        git.listServerRefs({ http, url: repo.cloneUrl, protocolVersion: 2 }),
      ).rejects.toMatchObject({
        code: 'HttpError',
        data: { statusCode: 401 },
      });
    });
  });

  describe('Octokit', () => {
    it('should read a private repository with the token, and report 404 without it', async () => {
      await gh.createRepo('Acme/Octo.Private', { private: true, token: 'tok-octo' });

      const authed = new Octokit({ auth: 'tok-octo', baseUrl: gh.apiUrl, log: silent });
      const { data } = await authed.rest.repos.get({ owner: 'acme', repo: 'octo.private' });
      expect(data).toMatchObject({ full_name: 'Acme/Octo.Private', private: true, default_branch: 'main' });
      const anonymous = new Octokit({ baseUrl: gh.apiUrl, log: silent });
      await expect(anonymous.rest.repos.get({ owner: 'acme', repo: 'octo.private' })).rejects.toMatchObject({
        status: 404,
      });
    });
  });
});
