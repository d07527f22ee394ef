/**
 * `npm run build`, and npm's `prepare` (so `npm install` / `npm ci` build): src/**\/*.ts → dist/**\/*.js with tsc
 * (tsconfig.build.json), then every other file under src/ (the modules' .ps1, the simulator's .cs, the HTML
 * report's .css/.js) copied to the same relative place, since the code loads them beside itself through
 * `new URL('./x.ps1', import.meta.url)`. dist/ stands in for src/ at the same depth, so paths that climb to the
 * repository (playbooks/, .tools/) resolve from both. Last, dist/.build-stamp: bin/winbook.js runs dist only
 * while the stamp matches the sources (scripts/build-stamp.mjs).
 *
 * Then dist/bundle/winbook.vm.js: the CLI bundled by esbuild (a devDependency) into one CommonJS file, zod's,
 * commander's and yaml's own modules inside it. What a command loads lazily (each command's action, the simulator, the
 * reporters, the engine behind `run`) stays lazy: esbuild wraps every module reached only through `import()` in an
 * init function that runs at its first import, so `--help` evaluates no engine. One CommonJS file rather than ESM
 * chunks because Node 20 can compile a script, not an ES module, with a V8 code cache: bin/winbook.js compiles the
 * file through `vm.Script` with the cache an earlier run of the same command left in dist/bundle/cache/, which
 * spares V8 parsing and compiling the functions the command runs (docs/architecture.md, "Start-up"). Every
 * `import.meta.url` in a bundled source becomes the URL of that source's own dist/ file, so
 * `new URL('./x.ps1', import.meta.url)` still finds the assets copied beside it. CommonJS packages that load
 * native or optional parts (ssh2) stay outside, required from node_modules as before. bin/winbook.js runs
 * the bundle when it exists, else dist/cli/main.js. Three start-up savings live here too: the host façade composed
 * and packed at build time, zod's unused locales left out, and commander's node:child_process loaded at first use.
 *
 * A failed compile exits non-zero and leaves no stamp, so bin/ never runs a half-built dist and `npm ci` fails.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';
import { STAMP_FILE, stampText } from './build-stamp.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
/** The bundle's file name under dist/bundle/: bin/winbook.js runs it by this name. */
const BUNDLE_FILE = 'winbook.vm.js';

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
const bundled = await bundle();
writeFileSync(join(DIST, STAMP_FILE), stamp);
process.stdout.write(`winbook build: dist/ from src/ in ${((Date.now() - started) / 1000).toFixed(1)} s (${assets} asset files copied${bundled ? `; ${bundled}` : ''})\n`);

/** dist/bundle/ (see the top of this file); a short note for the summary line, or '' when esbuild is missing. */
async function bundle() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write('winbook build: esbuild is not installed, so no dist/bundle/; bin/winbook.js runs dist/cli/main.js (slower start)\n');
    return '';
  }
  const SRC = join(ROOT, 'src');
  const OUT = join(DIST, 'bundle');
  /**
   * The URL a bundled source would have as its own dist/ file, relative to the bundle: CommonJS has no
   * `import.meta`, so it is resolved against `__winbookBundleUrl`, the bundle's own URL (the banner below).
   */
  const metaUrl = {
    name: 'winbook-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!args.path.startsWith(SRC + sep) || !text.includes('import.meta.url')) return undefined;
        const asDist = join(DIST, relative(SRC, args.path)).replace(/\.ts$/, '.js');
        const rel = relative(OUT, asDist).split(sep).join('/');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, __winbookBundleUrl).href`), loader: 'ts' };
      });
    },
  };
  // The host façade composed and packed once here, by tsc's own dist/ of src/hostapi/facade.ts and
  // src/agent/protocol.ts, so the bundle reads no .ps1 and gzips nothing for it at start-up (see facade.ts).
  const FACADE_WINDOWS = (await import(pathToFileURL(join(DIST, 'hostapi', 'facade.js')).href)).facadeWindows();
  const { packScript } = await import(pathToFileURL(join(DIST, 'agent', 'protocol.js')).href);
  /**
   * zod's `z.locales` / `z.core.locales`: a namespace of 40-odd translations (370 KB of the bundle, about half of
   * zod's chunk) that esbuild must keep whole because `z` is used as an object, and that every run parsed at start-up.
   * winbook never calls `z.config(z.locales.xx())` (English, which zod registers itself from locales/en.js, is the
   * only one used), so the bundle gets an empty namespace in its place; the build refuses a source that names them.
   */
  const zodLocales = {
    name: 'winbook-zod-locales',
    setup(b) {
      b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'winbook-zod-locales' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'winbook-zod-locales' }, () => ({ contents: 'export {};\n', loader: 'js' }));
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = args.path.startsWith(SRC + sep) ? readFileSync(args.path, 'utf8') : '';
        if (/\blocales\b/.test(text) && /from 'zod/.test(text)) {
          return { errors: [{ text: `${relative(ROOT, args.path)} names zod's locales, which scripts/build.mjs leaves out of the bundle: remove the zodLocales plugin there first` }] };
        }
        return undefined;
      });
    },
  };
  /**
   * commander requires node:child_process when it loads, for executable subcommands (`git-style` separate programs),
   * which winbook does not define: about 3 ms of CPU in every command. The bundle's copy gets a stand-in whose
   * `spawn` loads the module at its first call (commander calls nothing else of it); the build stops if commander's
   * line changes, so an upgrade is looked at rather than silently left eager.
   */
  const lazyChildProcess = {
    name: 'winbook-commander-child-process',
    setup(b) {
      b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const eager = "const childProcess = require('node:child_process');";
        if (!text.includes(eager) || (text.match(/childProcess\.(\w+)/g) ?? []).some((m) => m !== 'childProcess.spawn')) {
          return { errors: [{ text: `${relative(ROOT, args.path)}: commander's use of node:child_process changed; update the winbook-commander-child-process plugin in scripts/build.mjs` }] };
        }
        const lazy = "let childProcessModule; const childProcess = { spawn: (...a) => (childProcessModule ??= require('node:child_process')).spawn(...a) };";
        return { contents: text.replace(eager, lazy), loader: 'js' };
      });
    },
  };
  const r = await esbuild.build({
    entryPoints: [join(SRC, 'cli', 'main.ts')],
    outfile: join(OUT, 'winbook.cjs'),
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // `import()` as a lazy require (esbuild's init-on-first-use wrappers): the bundle is compiled by vm.Script, which
    // runs no `import()` without Node's experimental loader hook.
    supported: { 'dynamic-import': false },
    // ssh2: CommonJS with native and optional parts (cpu-features), loaded for SSH hosts only. nunjucks is inside (so
    // the code cache covers it too); chokidar, which only its file watcher asks for (in a try), is not installed.
    external: ['ssh2', 'chokidar'],
    plugins: [zodLocales, metaUrl, lazyChildProcess],
    define: { __WINBOOK_BUNDLE__: 'true', __WINBOOK_FACADE_TEXT__: JSON.stringify(FACADE_WINDOWS), __WINBOOK_FACADE_PACKED__: JSON.stringify(packScript(FACADE_WINDOWS)) },
    banner: { js: "const __winbookBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
  });
  const cjs = r.outputFiles[0].text;
  const dynamicImport = cjs.split('\n').findIndex((l) => /(^|[^\w$.])import\(/.test(l) && !/^\s*(\/\/|\*)/.test(l));
  if (dynamicImport >= 0) throw new Error(`dist/bundle/${BUNDLE_FILE}:${dynamicImport + 1} has an import() that bin/winbook.js's vm.Script cannot run`);
  // The file bin/winbook.js compiles as it is: the CommonJS wrapper on the first line (so line numbers stay
  // esbuild's), strict as the ES modules it was built from, and ASCII only, so it reads as a one-byte string
  // (`latin1`, about a third of the CPU of decoding UTF-8, and half the memory). esbuild already escapes non-ASCII
  // in strings and regular expressions; what is left is in the comments it keeps.
  const ascii = cjs.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const text = `(function (exports, require, module, __filename, __dirname) { 'use strict'; ${ascii}\n})`;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, BUNDLE_FILE), text, 'latin1');
  return `bundle: ${BUNDLE_FILE}, ${(text.length / 1e6).toFixed(1)} MB`;
}
