// tsc keeps `@lib/<name>` and `@app/<name>` import specifiers as written; Node cannot resolve them. After the build, point each one
// at the compiled lib index with a relative path, so `node dist/...` needs no loader hook or extra flag.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.resolve(__dirname, '..', 'dist');
let rewritten = 0;
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (entry.name.endsWith('.js')) rewrite(file);
  }
}
function rewrite(file) {
  const src = fs.readFileSync(file, 'utf8');
  const out = src.replace(/require\((["'])@(lib|app)\/([a-z0-9-]+)\1\)/g, (_, q, kind, name) => {
    const target = path.join(dist, kind === 'lib' ? 'libs' : 'apps', name, 'src', 'index.js');
    let rel = path.relative(path.dirname(file), target).split(path.sep).join('/');
    if (!rel.startsWith('.')) rel = './' + rel;
    return `require(${q}${rel}${q})`;
  });
  if (out !== src) {
    fs.writeFileSync(file, out);
    rewritten++;
  }
}
walk(dist);
console.log(`rewrote @lib imports in ${rewritten} files`);
