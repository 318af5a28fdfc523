// tsc compiles the admin UI's TypeScript into dist/apps/gateway/admin-ui; its other files (the stylesheet) are
// copied next to it here, so that `node dist/...` serves a complete UI with no source tree present.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const from = path.join(root, 'apps', 'gateway', 'admin-ui', 'static');
const to = path.join(root, 'dist', 'apps', 'gateway', 'admin-ui');
fs.mkdirSync(to, { recursive: true });
fs.cpSync(from, to, { recursive: true });
console.log(`copied ${fs.readdirSync(from).length} admin UI static files`);
