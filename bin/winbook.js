#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm install`'s prepare / `npm run build`) when it matches the
// sources — the esbuild bundle dist/bundle/winbook.js when the build made one (fewer files to load), else tsc's
// dist/cli/main.js — else the TypeScript sources through tsx after one line on stderr saying why. Never a stale dist.
// WINBOOK_RUN_FROM: `dist` runs dist or fails (CI), `src` runs the sources without a word (tests of a checkout
// being edited), unset or `auto` chooses as above.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { distStatus } from '../scripts/build-stamp.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const from = process.env.WINBOOK_RUN_FROM || 'auto';
if (!['auto', 'dist', 'src'].includes(from)) {
  process.stderr.write(`winbook: WINBOOK_RUN_FROM=${from}: expected dist, src or auto\n`);
  process.exit(2);
}
const status = from === 'src' ? { fresh: false } : distStatus(ROOT);
let main;
if (status.fresh) {
  const bundled = new URL('../dist/bundle/winbook.js', import.meta.url);
  ({ main } = await import(existsSync(bundled) ? bundled.href : '../dist/cli/main.js'));
} else if (from === 'dist') {
  process.stderr.write(`winbook: WINBOOK_RUN_FROM=dist but ${status.reason}; run \`npm run build\`\n`);
  process.exit(2);
} else {
  if (from === 'auto') process.stderr.write(`winbook: ${status.reason}, running the TypeScript sources through tsx (slow start); \`npm run build\` to rebuild\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
