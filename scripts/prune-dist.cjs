// Removes compiled files whose TypeScript source is gone (renamed or deleted): tsc never deletes outputs, and a
// stale file in dist/ is not harmless (a renamed migration would run twice, a deleted module could still load).
const { existsSync, readdirSync, rmSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const dist = join(root, 'dist');
// The admin UI compiles from its own tree (apps/gateway/admin-ui/tsconfig.json), not mirrored path for path.
const ADMIN_UI = join(dist, 'apps', 'gateway', 'admin-ui');
let removed = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (path !== ADMIN_UI) {
        walk(path);
      }
      continue;
    }
    const m = /^(.*)\.js(\.map)?$/.exec(relative(dist, path));
    if (m && !existsSync(join(root, `${m[1]}.ts`))) {
      rmSync(path);
      removed++;
    }
  }
}

if (existsSync(dist)) {
  for (const top of readdirSync(dist)) {
    if (statSync(join(dist, top)).isDirectory()) {
      walk(join(dist, top));
    }
  }
}
if (removed) {
  console.log(`pruned ${removed} stale compiled files from dist/`);
}
