import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGit } from './git-exec';
import { parseUploadPack, serveWithHttpBackend } from './git-http-backend';
import { FetchGate } from './fetch-gate';
import { TestRepo } from './test-repo';
import type { CreateRepoOptions, RecordedRequest } from './fake-github.types';
import { type Credentials, header, parseCredentials, readBody } from './http-request.util';

interface RepoEntry {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  token: string | null;
  repo: TestRepo;
}

/**
 * A local stand-in for github.com / GitHub Enterprise: `GET /api/v3/repos/:owner/:name` plus git smart HTTP
 * (served by `git http-backend`) for bare repositories in a temp dir. Every request is recorded.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  /** Fetches in flight per repository; can hold them back (see FetchGate). */
  readonly fetches = new FetchGate();
  private readonly repos = new Map<string, RepoEntry>();
  private readonly extraTokens = new Map<string, Set<string>>();
  private readonly unavailable = new Map<string, number>();
  private nextId = 1000;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly root: string,
  ) {}

  get apiUrl(): string {
    return `${this.url}/api/v3`;
  }

  static async start(opts: { host?: string } = {}): Promise<FakeGitHub> {
    const host = opts.host ?? '127.0.0.1';
    const root = await mkdtemp(join(tmpdir(), 'fake-github-'));
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const fake = new FakeGitHub(server, `http://${host.includes(':') ? `[${host}]` : host}:${port}`, root);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
        }
        res.end(String(e));
      });
    });
    return fake;
  }

  async createRepo(fullName: string, opts: CreateRepoOptions = {}): Promise<TestRepo> {
    const [owner, name, ...rest] = fullName.split('/');
    if (!owner || !name || rest.length > 0) {
      throw new Error(`createRepo: expected 'owner/name', got '${fullName}'`);
    }
    const key = fullName.toLowerCase();
    if (this.repos.has(key)) {
      throw new Error(`createRepo: ${fullName} already exists`);
    }
    const defaultBranch = opts.defaultBranch ?? 'main';
    const bareDir = join(this.root, owner, `${name}.git`);
    await runGit(['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, bareDir]);
    // Like github.com: partial clones and fetching any reachable sha are allowed.
    await appendFile(
      join(bareDir, 'config'),
      '[uploadpack]\n\tallowFilter = true\n\tallowAnySHA1InWant = true\n[http]\n\treceivepack = false\n',
    );
    const repo = new TestRepo(`${owner}/${name}`, bareDir, this.url, defaultBranch);
    this.repos.set(key, {
      id: this.nextId++,
      owner,
      name,
      private: opts.private ?? false,
      token: opts.token ?? null,
      repo,
    });
    return repo;
  }

  /** Makes `token` a known token (valid credentials); `repos` ('owner/name') also grants it those private repos. */
  addToken(token: string, repos: string[] = []): void {
    const set = this.extraTokens.get(token) ?? new Set<string>();
    for (const r of repos) {
      set.add(r.toLowerCase());
    }
    this.extraTokens.set(token, set);
  }

  /** Forgets a token added with addToken (simulates a revoked token). */
  removeToken(token: string): void {
    this.extraTokens.delete(token);
  }

  /** Replaces a repository's token (null: none), e.g. to simulate rotation. */
  setToken(fullName: string, token: string | null): void {
    this.entry(fullName).token = token;
  }

  setPrivate(fullName: string, isPrivate: boolean): void {
    this.entry(fullName).private = isPrivate;
  }

  /** While set, REST and git requests for the repo answer `status`; null restores normal service. */
  setUnavailable(fullName: string, status: number | null): void {
    if (status === null) {
      this.unavailable.delete(fullName.toLowerCase());
    } else {
      this.unavailable.set(fullName.toLowerCase(), status);
    }
  }

  resetRequests(): void {
    this.requests.length = 0;
    this.fetches.reset();
  }

  /** POSTs to git-upload-pack that transfer objects (v2 `fetch` or v0/v1 upload-pack), answered with a 2xx. */
  countFetches(repo?: string): number {
    const key = repo?.toLowerCase();
    return this.requests.filter((r) => this.isFetch(r) && (key === undefined || r.repo === key)).length;
  }

  /** A request that transferred objects: a 2xx POST to git-upload-pack with v2 `fetch` or v0/v1 wants. */
  isFetch(r: RecordedRequest): boolean {
    return (
      r.kind === 'git' &&
      r.method === 'POST' &&
      r.service === 'git-upload-pack' &&
      (r.gitCommand === 'fetch' || r.gitCommand === 'upload-pack') &&
      r.status >= 200 &&
      r.status < 300
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await rm(this.root, { recursive: true, force: true });
  }

  private entry(fullName: string): RepoEntry {
    const e = this.repos.get(fullName.toLowerCase());
    if (!e) {
      throw new Error(`unknown repository ${fullName}`);
    }
    return e;
  }

  private isKnownToken(t: string): boolean {
    if (this.extraTokens.has(t)) {
      return true;
    }
    for (const e of this.repos.values()) {
      if (e.token === t) {
        return true;
      }
    }
    return false;
  }

  private grantsRepo(creds: Credentials, e: RepoEntry): boolean {
    const key = `${e.owner}/${e.name}`.toLowerCase();
    return (creds ?? []).some(
      (t) => (e.token !== null && t === e.token) || !!this.extraTokens.get(t)?.has(key),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = q < 0 ? '' : raw.slice(q + 1);
    const creds = parseCredentials(req.headers.authorization);
    const rec: RecordedRequest = {
      kind: path === '/api/v3' || path.startsWith('/api/v3/') ? 'api' : 'git',
      at: Date.now(),
      method: req.method ?? 'GET',
      path,
      query,
      repo: null,
      service: null,
      gitCommand: null,
      gitArgs: [],
      status: 0,
      authorized: creds !== null && creds.some((t) => this.isKnownToken(t)),
      ms: null,
    };
    res.once('finish', () => (rec.ms = Date.now() - rec.at));
    // Recorded when the head is written, i.e. before the client can see the answer.
    const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
      rec.status = status;
      this.requests.push(rec);
      res.writeHead(status, headers).end(body);
    };
    const json = (status: number, body: unknown): void =>
      send(status, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8' });

    if (rec.kind === 'api') {
      const m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/?$/.exec(path);
      if (!m || req.method !== 'GET') {
        return json(404, { message: 'Not Found' });
      }
      rec.repo = `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`.toLowerCase();
      if (creds !== null && !rec.authorized) {
        return json(401, { message: 'Bad credentials' });
      }
      const down = this.unavailable.get(rec.repo);
      if (down !== undefined) {
        return json(down, { message: STATUS_CODES[down] ?? 'Unavailable' });
      }
      const e = this.repos.get(rec.repo);
      if (e && e.private) {
        rec.authorized = this.grantsRepo(creds, e);
      }
      if (!e || (e.private && !rec.authorized)) {
        return json(404, { message: 'Not Found' });
      }
      return json(200, this.repoJson(e));
    }

    // Git smart HTTP: /:owner/:name(.git)?/<git path>
    const m = /^\/([^/]+)\/([^/]+?)(\.git)?(\/.*)?$/.exec(path);
    if (!m) {
      return send(404, 'Not Found\n');
    }
    const owner = decodeURIComponent(m[1]);
    const name = decodeURIComponent(m[2]);
    const gitPath = m[4] ?? '';
    rec.repo = `${owner}/${name}`.toLowerCase();
    const service =
      /(?:^|&)service=([^&]+)/.exec(query)?.[1] ?? /\/(git-[a-z-]+)$/.exec(gitPath)?.[1] ?? null;
    rec.service = service;
    const body = await readBody(req);
    if (req.method === 'POST' && service === 'git-upload-pack') {
      const parsed = parseUploadPack(body, header(req, 'content-encoding'));
      rec.gitCommand = parsed.command;
      rec.gitArgs = parsed.args;
    }

    const e = this.repos.get(rec.repo);
    const down = this.unavailable.get(rec.repo);
    if (down !== undefined) {
      return send(down, `${STATUS_CODES[down] ?? 'Unavailable'}\n`);
    }
    if (!e) {
      return send(404, 'Repository not found.\n');
    }
    if (gitPath === '' || gitPath === '/') {
      return send(200, `${e.owner}/${e.name}\n`, { 'Content-Type': 'text/plain' });
    }
    // Like GitHub: wrong credentials fail even on a public repository.
    if (e.private) {
      rec.authorized = this.grantsRepo(creds, e);
    }
    if ((creds !== null || e.private) && !rec.authorized) {
      return send(401, 'Invalid username or token.\n', { 'WWW-Authenticate': 'Basic realm="git"' });
    }
    if (service === 'git-receive-pack') {
      return send(403, 'Push over HTTP is not supported by FakeGitHub.\n');
    }

    const transfer =
      req.method === 'POST' && (rec.gitCommand === 'fetch' || rec.gitCommand === 'upload-pack');
    if (transfer) {
      await this.fetches.enter(rec.repo);
    }
    try {
      await this.serve(e, rec, req, res, { gitPath, query, body });
    } finally {
      if (transfer) {
        this.fetches.leave(rec.repo);
      }
    }
  }

  private serve(
    e: RepoEntry,
    rec: RecordedRequest,
    req: IncomingMessage,
    res: ServerResponse,
    r: { gitPath: string; query: string; body: Buffer },
  ): Promise<void> {
    const { gitPath, query, body } = r;
    return serveWithHttpBackend(
      this.root,
      {
        method: rec.method,
        pathInfo: `/${e.owner}/${e.name}.git${gitPath}`,
        query,
        contentType: header(req, 'content-type'),
        contentEncoding: header(req, 'content-encoding'),
        gitProtocol: header(req, 'git-protocol'),
        remoteUser: rec.authorized ? 'x-access-token' : undefined,
        body,
      },
      res,
      (status) => {
        rec.status = status;
        this.requests.push(rec);
      },
    );
  }

  private repoJson(e: RepoEntry): Record<string, unknown> {
    return {
      id: e.id,
      node_id: `R_${Buffer.from(`Repository:${e.id}`).toString('base64')}`,
      name: e.name,
      full_name: `${e.owner}/${e.name}`,
      owner: { login: e.owner },
      private: e.private,
      visibility: e.private ? 'private' : 'public',
      fork: false,
      archived: false,
      disabled: false,
      default_branch: e.repo.defaultBranch,
      html_url: `${this.url}/${e.owner}/${e.name}`,
      clone_url: `${this.url}/${e.owner}/${e.name}.git`,
    };
  }
}
