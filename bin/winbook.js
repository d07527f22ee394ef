#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm install`'s prepare / `npm run build`) when it matches the
// sources — the esbuild bundle dist/bundle/winbook.js when the build made one (fewer files to load), else tsc's
// dist/cli/main.js — else the TypeScript sources through tsx after one line on stderr saying why. Never a stale dist.
// WINBOOK_RUN_FROM: `dist` runs dist or fails (CI), `src` runs the sources without a word (tests of a checkout
// being edited), unset or `auto` chooses as above.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const from = process.env.WINBOOK_RUN_FROM || 'auto';
if (!['auto', 'dist', 'src'].includes(from)) {
  process.stderr.write(`winbook: WINBOOK_RUN_FROM=${from}: expected dist, src or auto\n`);
  process.exit(2);
}
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // A lone `--version`: package.json's version, the one src/cli/main.ts prints too, without loading the CLI
  // (commander and the command definitions cost about half as much CPU again as Node's own start-up).
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  process.exitCode = await (await loadMain())(process.argv);
}

/** The CLI's `main`: from dist/ when its build stamp matches the sources, else (unless forbidden) through tsx. */
async function loadMain() {
  const status = from === 'src' ? { fresh: false } : (await import('../scripts/build-stamp.mjs')).distStatus(ROOT, undefined, { installed: true });
  if (status.fresh) {
    const bundled = new URL('../dist/bundle/winbook.js', import.meta.url);
    return (await import(existsSync(bundled) ? bundled.href : '../dist/cli/main.js')).main;
  }
  if (from === 'dist') {
    process.stderr.write(`winbook: WINBOOK_RUN_FROM=dist but ${status.reason}; run \`npm run build\`\n`);
    process.exit(2);
  }
  if (from === 'auto') process.stderr.write(`winbook: ${status.reason}, running the TypeScript sources through tsx (slow start); \`npm run build\` to rebuild\n`);
  const { register } = await import('tsx/esm/api');
  register();
  return (await import('../src/cli/main.ts')).main;
}
