import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';

/**
 * Where `npm run build` puts the admin UI: its TypeScript (apps/gateway/admin-ui/src) compiled by
 * apps/gateway/admin-ui/tsconfig.json, plus its static files (admin-ui/static) copied by scripts/copy-static.cjs.
 * From the compiled gateway (dist/apps/gateway/src/admin-ui) that is dist/apps/gateway/admin-ui.
 */
export const DEFAULT_ADMIN_UI_DIR = resolve(__dirname, '..', '..', 'admin-ui');

/** The only kinds of file served; anything else in the folder (a stray map, a dotfile) is not reachable. */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface UiAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

export interface AdminUiBundle {
  /** A digest of every served file: part of the asset URLs, so they can be cached for good. */
  version: string;
  /** Relative path with `/` separators → file. */
  assets: ReadonlyMap<string, UiAsset>;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) {
      return [];
    }
    const full = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : entry.isFile() ? [full] : [];
  });
}

/**
 * Reads the built UI into memory once (a few dozen small files). Paths a client sends are only ever looked up in
 * this map, never joined onto the file system. Null when the UI was not built (no main.js).
 */
export function loadAdminUi(dir: string = DEFAULT_ADMIN_UI_DIR): AdminUiBundle | null {
  if (!existsSync(join(dir, 'main.js'))) {
    return null;
  }
  const assets = new Map<string, UiAsset>();
  const digest = createHash('sha256');
  for (const file of listFiles(dir).sort()) {
    const contentType = CONTENT_TYPES[extname(file)];
    if (!contentType) {
      continue;
    }
    const name = relative(dir, file).split(sep).join('/');
    const body = readFileSync(file);
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
    digest.update(`${name}\0${hash}\0`);
    assets.set(name, { body, contentType, etag: `"${hash}"` });
  }
  return { version: digest.digest('hex').slice(0, 12), assets };
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  '<': '&lt;',
  '>': '&gt;',
  "'": '&#39;',
};

function attr(value: string): string {
  return value.replace(/[&"<>']/g, (c) => ATTRIBUTE_ESCAPES[c]);
}

/**
 * The one HTML page of the UI, for /admin and every client route under it. No inline script or style (the CSP
 * is 'self' only); absolute asset paths so any route depth works; the version lets the browser cache the assets
 * for good (all module imports are relative, so they stay under the same versioned prefix).
 */
export function indexHtml(assetVersion: string, docoraVersion: string): string {
  const base = `/admin/assets/${attr(assetVersion)}`;
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="docora-version" content="${attr(docoraVersion)}" />
    <title>Docora admin</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${base}/styles.css" />
    <script type="module" src="${base}/main.js"></script>
  </head>
  <body>
    <div id="app"><noscript>The Docora admin needs JavaScript.</noscript></div>
  </body>
</html>
`;
}
