/**
 * Is dist/ the build of the sources as they are now? scripts/build.mjs writes dist/.build-stamp after a build;
 * bin/winbook.js compares it with the sources at every launch and runs dist only when they match.
 *
 * The stamp lists every build input as the build found it — each directory and file under src/ plus the build's own
 * configuration (tsconfig.json, tsconfig.build.json, scripts/build.mjs, this file) — with its size and modification
 * time. The check at launch reads that list and stats each entry, stopping at the first difference: an edited file
 * (its own size or mtime), an added, deleted or renamed file (its directory's mtime, which every entry change
 * updates, and the missing name), or a checkout that rewrites a file. No directory is listed and nothing is hashed
 * at launch: the ~570 stats are what remains (a few ms on an idle machine, where the old readdir + SHA-256 walk cost
 * 20–35 ms on a loaded one). Plain JS, and no node:crypto: bin/ runs it before anything is compiled.
 *
 * Where no edit can matter the check is skipped: a package installed under node_modules/ (its sources are not
 * edited) and a copy with no src/ at all (dist/ is all there is).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

export const STAMP_FILE = '.build-stamp';
/** The files outside src/ whose change changes the build. */
export const BUILD_CONFIG = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', 'scripts/build-stamp.mjs'];
/** First line of the stamp; a stamp of another format (an older build) counts as stale. */
const HEADER = 'winbook-build-stamp 2';

/** Every directory and file under `dir` (relative to `root`, '/' separators), directories marked, sorted. */
function entriesUnder(root, dir, out) {
  out.push({ rel: dir, dir: true });
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) entriesUnder(root, rel, out);
    else out.push({ rel, dir: false });
  }
  return out;
}

/** One stamp line: what `statSync` says of `rel` now ('missing' when it does not exist). */
function line(root, rel, dir) {
  const st = statSync(join(root, rel), { throwIfNoEntry: false });
  return st ? `${dir ? 'D' : 'F'}\t${rel}\t${st.size}\t${st.mtimeMs}` : `M\t${rel}`;
}

/** The build inputs under the repository `root` as stamp lines (the stamp without its header). */
export function sourceFingerprint(root) {
  const entries = [...entriesUnder(root, 'src', []), ...BUILD_CONFIG.map((rel) => ({ rel, dir: false }))];
  entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return entries.map((e) => line(root, e.rel, e.dir)).join('\n');
}

/** The stamp text scripts/build.mjs writes into dist/. */
export function stampText(root) {
  return `${HEADER}\n${sourceFingerprint(root)}\n`;
}

/**
 * Whether every entry of the stamp's `lines` still stats the same; the first that does not, else undefined. The
 * same test as comparing `line()` with each stamp line, without building 600 paths with path.join and 600 strings
 * with the mtime printed as a decimal: the stamp's size and mtime are read back as numbers instead (a double
 * printed by JavaScript reads back to the same double). That work, not the stats, was most of the check: 25 ms of
 * CPU against 7–9 ms (one cold process, load 13).
 */
function firstChange(root, lines) {
  const base = root.endsWith('/') || root.endsWith(sep) ? root : root + sep;
  for (const l of lines) {
    if (l === '') continue;
    // `D|F <tab> rel <tab> size <tab> mtimeMs`, or `M <tab> rel` for a build input that was missing.
    const relEnd = l.indexOf('\t', 2);
    const rel = relEnd < 0 ? l.slice(2) : l.slice(2, relEnd);
    if (l[1] !== '\t' || rel === '') return l;
    const st = statSync(base + rel, { throwIfNoEntry: false });
    if (l[0] === 'M') {
      if (st !== undefined) return rel;
      continue;
    }
    const sizeEnd = l.indexOf('\t', relEnd + 1);
    if (!st || relEnd < 0 || sizeEnd < 0 || st.size !== Number(l.slice(relEnd + 1, sizeEnd)) || st.mtimeMs !== Number(l.slice(sizeEnd + 1))) return rel;
  }
  return undefined;
}

/**
 * Whether `distDir` (default <root>/dist) can be run: `{ fresh: true }`, or `{ fresh: false, reason }` with a
 * short reason for the one line bin/winbook.js prints before it falls back to the TypeScript sources.
 * `installed: true` (bin/winbook.js) trusts a stamped dist/ without looking at the sources when the package sits
 * under node_modules/ or has no src/.
 */
export function distStatus(root, distDir = join(root, 'dist'), { installed = false } = {}) {
  let stamp;
  try {
    stamp = readFileSync(join(distDir, STAMP_FILE), 'utf8');
  } catch {
    return { fresh: false, reason: 'no build in dist/' };
  }
  const lines = stamp.split('\n');
  if (lines[0] !== HEADER) return { fresh: false, reason: 'dist/ was built by an older build script' };
  if (installed && (root.split(sep).includes('node_modules') || !statSync(join(root, 'src'), { throwIfNoEntry: false }))) return { fresh: true };
  let changed;
  try {
    changed = firstChange(root, lines.slice(1));
  } catch (e) {
    return { fresh: false, reason: `cannot read the sources (${e instanceof Error ? e.message : String(e)})` };
  }
  return changed === undefined ? { fresh: true } : { fresh: false, reason: 'dist/ is older than the sources' };
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
