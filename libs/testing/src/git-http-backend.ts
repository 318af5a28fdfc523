import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { gitEnv } from './git-exec';

const BACKEND = '/usr/lib/git-core/git-http-backend';

export interface CgiRequest {
  method: string;
  /** Path below the project root, e.g. `/owner/name.git/info/refs`. */
  pathInfo: string;
  query: string;
  contentType?: string;
  contentEncoding?: string;
  gitProtocol?: string;
  remoteUser?: string;
  body: Buffer;
}

/**
 * What a smart-HTTP POST to git-upload-pack asks for. Protocol v2: `command=<x>` in the first pkt-line (`ls-refs`,
 * `fetch`, ...) and the argument lines after the delimiter packet (`ref-prefix refs/heads/main`, `want <oid>`,
 * `deepen 1`, ...). Protocol v0/v1 POSTs (wants/haves) are reported as `upload-pack` with their lines as args.
 */
export function parseUploadPack(
  body: Buffer,
  contentEncoding: string | undefined,
): { command: string; args: string[] } {
  let raw = body;
  try {
    if (contentEncoding && /gzip/i.test(contentEncoding)) {
      raw = gunzipSync(body);
    }
  } catch {
    return { command: 'upload-pack', args: [] };
  }
  // Each pkt-line is its text, or null for a special packet (0000 flush, 0001 delimiter, 0002 response end).
  const lines: Array<string | null> = [];
  let delim = -1;
  for (let at = 0; at + 4 <= raw.length;) {
    const len = parseInt(raw.subarray(at, at + 4).toString('latin1'), 16);
    if (!Number.isFinite(len) || len === 3 || at + Math.max(len, 4) > raw.length) {
      break;
    }
    if (len <= 2) {
      delim = len === 1 && delim < 0 ? lines.length : delim;
      lines.push(null);
      at += 4;
      continue;
    }
    lines.push(
      raw
        .subarray(at + 4, at + len)
        .toString('utf8')
        .replace(/\n$/, ''),
    );
    at += len;
  }
  const first = lines[0] ?? '';
  if (!first.startsWith('command=')) {
    return { command: 'upload-pack', args: lines.filter((l) => l !== null) };
  }
  const end = delim < 0 ? -1 : lines.indexOf(null, delim + 1);
  const args = delim < 0 ? [] : lines.slice(delim + 1, end < 0 ? undefined : end);
  return { command: first.slice('command='.length), args: args.filter((l) => l !== null) };
}

/**
 * Runs `git http-backend` as a CGI for one request (TECH-NOTES §4): parses the CGI `Status:` and headers, then
 * streams the rest to `res`. `onHead` is called with the status just before the head is written.
 */
export function serveWithHttpBackend(
  projectRoot: string,
  req: CgiRequest,
  res: ServerResponse,
  onHead: (status: number) => void,
): Promise<void> {
  const [cmd, args] = existsSync(BACKEND) ? [BACKEND, []] : ['git', ['http-backend']];
  const env = gitEnv({
    GIT_PROJECT_ROOT: projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    REQUEST_METHOD: req.method,
    PATH_INFO: req.pathInfo,
    QUERY_STRING: req.query,
    CONTENT_LENGTH: String(req.body.length),
  });
  if (req.contentType) {
    env.CONTENT_TYPE = req.contentType;
  }
  if (req.contentEncoding) {
    env.HTTP_CONTENT_ENCODING = req.contentEncoding;
  }
  if (req.gitProtocol) {
    env.GIT_PROTOCOL = req.gitProtocol;
  }
  if (req.remoteUser) {
    env.REMOTE_USER = req.remoteUser;
  }

  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: 'pipe' });
    let head = Buffer.alloc(0);
    let headDone = false;
    const stderr: Buffer[] = [];

    const fail = (why: string): void => {
      if (headDone) {
        res.destroy();
        return;
      }
      headDone = true;
      onHead(500);
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`git http-backend failed: ${why}\n`);
    };

    child.stdout.on('data', (chunk: Buffer) => {
      if (headDone) {
        if (!res.write(chunk)) {
          child.stdout.pause();
          res.once('drain', () => child.stdout.resume());
        }
        return;
      }
      head = Buffer.concat([head, chunk]);
      const m = /\r?\n\r?\n/.exec(head.toString('latin1'));
      if (!m) {
        return;
      }
      headDone = true;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const l of head.subarray(0, m.index).toString('latin1').split(/\r?\n/)) {
        const i = l.indexOf(':');
        if (i <= 0) {
          continue;
        }
        const name = l.slice(0, i).trim();
        const value = l.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') {
          status = parseInt(value, 10) || 500;
        } else {
          headers[name] = value;
        }
      }
      onHead(status);
      res.writeHead(status, headers);
      res.write(head.subarray(m.index + m[0].length));
    });
    child.stderr.on('data', (c: Buffer) => stderr.push(c));
    child.stdin.on('error', () => undefined); // the backend may exit without reading everything
    child.on('error', (e) => fail(e.message));
    child.on('close', (code) => {
      if (!headDone) {
        fail(`exit ${code}: ${Buffer.concat(stderr).toString().trim()}`);
      } else if (!res.writableEnded && !res.destroyed) {
        res.end();
      }
      resolve();
    });
    res.on('close', () => {
      if (child.exitCode === null) {
        child.kill();
      }
    });
    child.stdin.end(req.body);
  });
}
