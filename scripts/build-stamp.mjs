/**
 * Is dist/ the build of the sources as they are now? scripts/build.mjs writes dist/.build-stamp after a build;
 * bin/winbook.js compares it with the sources at every launch and runs dist only when they match.
 *
 * The stamp is a fingerprint of every build input — each file under src/ plus the build's own configuration
 * (tsconfig.json, tsconfig.build.json, scripts/build.mjs, this file) — by relative path, size and modification
 * time. Any edit, added, deleted or renamed file, or a checkout that rewrites a file, changes it; reading the
 * metadata of ~400 files costs a few milliseconds, far less than reading their text. Plain JS: bin/ runs it
 * before anything is compiled.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

export const STAMP_FILE = '.build-stamp';
/** The files outside src/ whose change changes the build. */
export const BUILD_CONFIG = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', 'scripts/build-stamp.mjs'];

/** Every file under `dir`, as paths relative to `root` with '/' separators, sorted. */
function filesUnder(root, dir, out) {
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) filesUnder(root, rel, out);
    else out.push(rel);
  }
  return out;
}

/** The fingerprint of the build inputs under the repository `root`. */
export function sourceFingerprint(root) {
  const files = [...filesUnder(root, 'src', []), ...BUILD_CONFIG].sort();
  const h = createHash('sha256');
  for (const rel of files) {
    let line;
    try {
      const st = statSync(join(root, rel));
      line = `${rel}\t${st.size}\t${st.mtimeMs}\n`;
    } catch {
      line = `${rel}\tmissing\n`;
    }
    h.update(line);
  }
  return h.digest('hex');
}

/** The stamp text scripts/build.mjs writes into dist/. */
export function stampText(root) {
  return `${sourceFingerprint(root)}\n`;
}

/**
 * Whether `distDir` (default <root>/dist) can be run: `{ fresh: true }`, or `{ fresh: false, reason }` with a
 * short reason for the one line bin/winbook.js prints before it falls back to the TypeScript sources.
 */
export function distStatus(root, distDir = join(root, 'dist')) {
  let stamp;
  try {
    stamp = readFileSync(join(distDir, STAMP_FILE), 'utf8').trim();
  } catch {
    return { fresh: false, reason: 'no build in dist/' };
  }
  let now;
  try {
    now = sourceFingerprint(root);
  } catch (e) {
    return { fresh: false, reason: `cannot read the sources (${e instanceof Error ? e.message : String(e)})` };
  }
  return stamp === now ? { fresh: true } : { fresh: false, reason: 'dist/ is older than the sources' };
}

// `node scripts/build-stamp.mjs --check` (CI, after npm ci): exit 1 with the reason unless dist/ is fresh.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--check')) {
  const status = distStatus(fileURLToPath(new URL('../', import.meta.url)));
  if (!status.fresh) {
    process.stderr.write(`winbook build: ${status.reason}; \`npm run build\` builds it\n`);
    process.exit(1);
  }
  process.stdout.write('winbook build: dist/ matches the sources\n');
}
