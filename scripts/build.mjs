/**
 * `npm run build`, and npm's `prepare` (so `npm install` / `npm ci` build): src/**\/*.ts → dist/**\/*.js with tsc
 * (tsconfig.build.json), then every other file under src/ (the modules' .ps1, the simulator's .cs, the HTML
 * report's .css/.js) copied to the same relative place, since the code loads them beside itself through
 * `new URL('./x.ps1', import.meta.url)`. dist/ stands in for src/ at the same depth, so paths that climb to the
 * repository (playbooks/, .tools/) resolve from both. Last, dist/.build-stamp: bin/winbook.js runs dist only
 * while the stamp matches the sources (scripts/build-stamp.mjs).
 *
 * A failed compile exits non-zero and leaves no stamp, so bin/ never runs a half-built dist and `npm ci` fails.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { STAMP_FILE, stampText } from './build-stamp.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');

function copyAssets(srcDir, outDir) {
  let n = 0;
  for (const e of readdirSync(srcDir, { withFileTypes: true })) {
    const from = join(srcDir, e.name);
    const to = join(outDir, e.name);
    if (e.isDirectory()) n += copyAssets(from, to);
    else if (!e.name.endsWith('.ts')) {
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
      n++;
    }
  }
  return n;
}

// Fingerprint first: a source edited while tsc runs leaves a stamp that no longer matches, so the build is stale.
const stamp = stampText(ROOT);
const started = Date.now();
rmSync(DIST, { recursive: true, force: true });
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without devDependencies: bin/winbook.js runs the sources through tsx (a dependency) and says so.
  // CI checks the stamp after npm ci (node scripts/build-stamp.mjs --check), so there a skipped build still fails.
  process.stderr.write('winbook build: skipped, TypeScript is not installed (an install without devDependencies); bin/winbook.js will run the sources through tsx\n');
  process.exit(0);
}
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
if (r.status !== 0) {
  process.stderr.write(`winbook build: tsc failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}); dist/ has no build stamp, so bin/winbook.js will run the TypeScript sources through tsx\n`);
  process.exit(1);
}
const assets = copyAssets(join(ROOT, 'src'), DIST);
writeFileSync(join(DIST, STAMP_FILE), stamp);
process.stdout.write(`winbook build: dist/ from src/ in ${((Date.now() - started) / 1000).toFixed(1)} s (${assets} asset files copied)\n`);
