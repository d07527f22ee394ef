#!/usr/bin/env node
// Runs the compiled JavaScript in dist/ (built by `npm install`'s prepare / `npm run build`) when it matches the
// sources — the esbuild bundle dist/bundle/winbook.vm.js when the build made one (one file, compiled with V8's code
// cache: see loadBundle), else tsc's dist/cli/main.js — else the TypeScript sources through tsx after one line on
// stderr saying why. Never a stale dist.
// WINBOOK_RUN_FROM: `dist` runs dist or fails (CI), `src` runs the sources without a word (tests of a checkout
// being edited), unset or `auto` chooses as above.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

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
    const bundled = fileURLToPath(new URL('../dist/bundle/winbook.vm.js', import.meta.url));
    return existsSync(bundled) ? loadBundle(bundled) : (await import('../dist/cli/main.js')).main;
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

/**
 * The bundle's `main`, the file compiled as CommonJS through vm.Script with V8's code cache: Node 20 has no compile
 * cache of its own (module.enableCompileCache is 22.1+) and takes cached data for scripts only, not ES modules.
 * The cache is V8's compiled code (bytecode of the functions that ran, no run-time values) of an earlier run of
 * the same command, kept in dist/bundle/cache/ and named for the bundle's size and mtime, so a rebuilt bundle never
 * meets an old cache (the build also deletes dist/). It is written once, after a command that ended with exit code 0
 * found none (or one V8 rejected: another Node or V8 flags); a dist/ that is not writable runs without it.
 * WINBOOK_CODE_CACHE=0 neither reads nor writes it.
 */
function loadBundle(file) {
  const use = process.env.WINBOOK_CODE_CACHE !== '0';
  const st = statSync(file);
  const command = /^[a-z][a-z-]{0,30}$/.test(args[0] ?? '') ? args[0] : 'other';
  const cacheFile = join(dirname(file), 'cache', `${command}-${st.size}-${Math.trunc(st.mtimeMs)}.v8`);
  let cachedData;
  if (use && existsSync(cacheFile)) cachedData = readFileSync(cacheFile);
  // The build wrote the CommonJS wrapper into the file, and only ASCII: it is compiled as read, a one-byte string.
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  const write = use && (cachedData === undefined || script.cachedDataRejected === true);
  return async (argv) => {
    const code = await module.exports.main(argv);
    if (write && code === 0) {
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        // Written aside and renamed: commands running at once never read a half-written cache.
        const part = `${cacheFile}.${process.pid}`;
        writeFileSync(part, script.createCachedData());
        renameSync(part, cacheFile);
      } catch {
        // A read-only install: every run compiles, as without a cache.
      }
    }
    return code;
  };
}
