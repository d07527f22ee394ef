// `node scripts/check-pack.mjs` (CI, after npm test): the package as npm would publish it works when installed.
// Packs this checkout (`npm pack` runs the `prepare` build, so the tarball carries a fresh dist/), installs the
// tarball globally into a scratch prefix (`npm install -g --prefix`: no devDependencies, as a user gets it), and
// runs the installed `winbook --version` and `winbook doc win_ping` with only node and the prefix on PATH and
// WINBOOK_RUN_FROM=dist, so the bin must run the shipped JavaScript (never the TypeScript sources through tsx).
// Exit 1 with what failed. It takes a minute or more (the build, the install), so it is a CI step of its own
// rather than a vitest test.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const scratch = mkdtempSync(join(tmpdir(), 'winbook-pack-'));
const started = Date.now();
const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
};

try {
  // The `prepare` build prints its summary on the same stdout, before npm's JSON.
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const packed = JSON.parse(out.slice(out.search(/^\[/m)));
  const { filename, files } = packed[0];
  const paths = new Set(files.map((f) => f.path));
  check(paths.has('dist/bundle/winbook.vm.js') && paths.has('dist/.build-stamp') && paths.has('dist/cli/main.js'), `the tarball carries the build (dist/bundle/winbook.vm.js, dist/.build-stamp; ${files.length} files)`);
  check(![...paths].some((p) => p.startsWith('src/') || p.startsWith('test/')), 'the tarball carries no src/ or test/');

  const prefix = join(scratch, 'prefix');
  execFileSync(npm, ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', join(scratch, filename)], { cwd: scratch, stdio: ['ignore', 'ignore', 'inherit'] });
  const lib = process.platform === 'win32' ? join(prefix, 'node_modules', pkg.name) : join(prefix, 'lib', 'node_modules', pkg.name);
  // A devDependency may still be there as a dependency's own dependency (esbuild is tsx's): only one no installed
  // package asks for would mean npm installed devDependencies.
  const installed = packagesUnder(join(lib, 'node_modules'));
  const wanted = new Set(installed.flatMap((p) => Object.keys({ ...p.dependencies, ...p.optionalDependencies, ...p.peerDependencies })));
  const dev = Object.keys(pkg.devDependencies ?? {}).filter((d) => installed.some((p) => p.name === d) && !wanted.has(d));
  check(installed.length > 0 && dev.length === 0, `no devDependencies installed (${installed.length} packages)${dev.length ? `: found ${dev.join(', ')}` : ''}`);

  const bin = process.platform === 'win32' ? join(prefix, 'winbook.cmd') : join(prefix, 'bin', 'winbook');
  const env = { PATH: [dirname(process.execPath), dirname(bin)].join(delimiter), HOME: scratch, WINBOOK_RUN_FROM: 'dist', NO_COLOR: '1' };
  const run = (args) => execFileSync(bin, args, { cwd: scratch, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  check(run(['--version']).trim() === pkg.version, `winbook --version prints ${pkg.version}`);
  const doc = run(['doc', 'win_ping']);
  check(/win_ping/.test(doc) && /\bdata\b/.test(doc), 'winbook doc win_ping documents win_ping and its data option');
} catch (e) {
  failures.push(e instanceof Error ? e.message : String(e));
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
/** package.json of every package under a node_modules folder, nested ones and scoped ones included. */
function packagesUnder(dir, out = []) {
  for (const e of existsSync(dir) ? readdirSync(dir) : []) {
    if (e.startsWith('.')) continue;
    if (e.startsWith('@')) {
      packagesUnder(join(dir, e), out);
      continue;
    }
    const manifest = join(dir, e, 'package.json');
    if (existsSync(manifest)) out.push(JSON.parse(readFileSync(manifest, 'utf8')));
    packagesUnder(join(dir, e, 'node_modules'), out);
  }
  return out;
}

process.stdout.write(`npm pack check: ${failures.length ? `${failures.length} failed` : 'passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.exitCode = failures.length ? 1 : 0;
