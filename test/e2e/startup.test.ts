/**
 * Start-up from a fresh build: a copy of the checkout whose node_modules lacks tsx is built with
 * scripts/build.mjs (what `npm install`'s prepare runs), and then `winbook --version` must work (it cannot have
 * loaded tsx) without loading the CLI at all, `--help` must evaluate (of the bundle's modules) no engine,
 * simulator, nunjucks, ssh2, listr2 or yaml, the code cache must be written by a successful command and change
 * nothing it prints, and once a source changes the bin must refuse the stale dist (falling back to tsx, which is
 * absent here, or failing under WINBOOK_RUN_FROM=dist).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

let dir: string;

function node(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: dir, env: childEnv, timeout: 300_000 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'winbook-startup-'));
  for (const p of ['bin', 'scripts', 'src']) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(ROOT, f), join(dir, f));
  // The repository's packages, except tsx: whatever runs here runs without it.
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === 'tsx' || name === '.bin') continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'junction');
  }
  // Records every module the process resolves (Node's module customization hooks), one URL a line.
  writeFileSync(join(dir, 'load-hooks.mjs'), `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.LOAD_LOG, r.url + '\\n');
  return r;
}
`);
  writeFileSync(join(dir, 'load-log.mjs'), "import { register } from 'node:module';\nregister('./load-hooks.mjs', import.meta.url);\n");
  const build = await node(['scripts/build.mjs']);
  expect(build.code, build.stdout + build.stderr).toBe(0);
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('winbook start-up from a fresh build', () => {
  it('prints the version from dist/ without tsx (absent from node_modules) and without a word on stderr', async () => {
    const r = await node(['bin/winbook.js', '--version'], { WINBOOK_RUN_FROM: undefined });
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    const strict = await node(['bin/winbook.js', '--version'], { WINBOOK_RUN_FROM: 'dist' });
    expect(strict.code, strict.stderr).toBe(0);
  });

  it('answers a lone --version from package.json, loading neither the CLI nor the build-stamp check', async () => {
    const log = join(dir, 'version-load.log');
    const r = await node(['--import', './load-log.mjs', 'bin/winbook.js', '--version'], { WINBOOK_RUN_FROM: 'dist', LOAD_LOG: log });
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    const files = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(files.filter((u) => u.startsWith('file:') && !u.endsWith('/load-hooks.mjs') && !u.endsWith('/load-log.mjs'))).toEqual([pathToFileURL(join(dir, 'bin/winbook.js')).href]);
    // The CLI itself prints the same version when --version comes with anything else (commander's own option).
    const full = await node(['bin/winbook.js', '--version', '--no-color'], { WINBOOK_RUN_FROM: 'dist' });
    expect(full.stdout).toBe(`${VERSION}\n`);
  });

  it('loads commander and the command definitions for --help, nothing that runs a playbook or a simulator', async () => {
    // The bundle (scripts/build.mjs) is one script: what a command loaded is what the script evaluated — the modules
    // at its top level, plus those behind esbuild's init-on-first-use wrappers that ran, which a patched copy logs.
    const bundle = join(dir, 'dist/bundle/winbook.vm.js');
    const original = readFileSync(bundle, 'latin1');
    const lazy = new Set([...original.matchAll(/= __(?:esm|commonJS)\(\{\n\s+"([^"]+)"\(/g)].map((m) => m[1] as string));
    const eager = [...new Set([...original.matchAll(/^\/\/ (\S+\.[cm]?[jt]s)$/gm)].map((m) => m[1] as string))].filter((p) => !lazy.has(p));
    const log = join(dir, 'help-inits.log');
    const record = "require('node:fs').appendFileSync(process.env.LOAD_LOG, __getOwnPropNames(X)[0] + '\\n')";
    const patched = original
      .replace('return fn && (res =', `return fn && ${record.replace('X', 'fn')}, fn && (res =`)
      .replace('return mod || (0, cb[', `return mod || ${record.replace('X', 'cb')}, mod || (0, cb[`);
    expect(patched).not.toBe(original);
    // What the bundle requires from outside it (Node's modules, ssh2) is logged too ("require:node:tls"), by a
    // preloaded Module._load.
    writeFileSync(join(dir, 'builtin-log.cjs'), `const Module = require('node:module');
const fs = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (!request.startsWith('.') && !request.startsWith('/')) fs.appendFileSync(process.env.LOAD_LOG, 'require:' + request + '\\n');
  return load.call(this, request, ...rest);
};
`);
    const loadedBy = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string; loaded: string[] }> => {
      rmSync(log, { force: true });
      writeFileSync(bundle, patched, 'latin1');
      try {
        const r = await node(['--require', join(dir, 'builtin-log.cjs'), 'bin/winbook.js', ...args], { WINBOOK_RUN_FROM: 'dist', LOAD_LOG: log, WINBOOK_CODE_CACHE: '0' });
        const ran = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
        return { ...r, loaded: [...eager, ...ran].map((p) => `/${p}`) };
      } finally {
        writeFileSync(bundle, original, 'latin1');
      }
    };
    const r = await loadedBy(['--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: winbook');
    expect(r.loaded.some((u) => u.endsWith('/src/cli/main.ts'))).toBe(true);
    const heavy = r.loaded.filter((u) => /\/(?:dist|src)\/(sim|engine|transport|template|modules|report|playbook|inventory|vault|agent|hostapi)\/|\/(?:dist|src)\/index\.[jt]s|\/(?:dist|src)\/cli\/actions\/|node_modules\/(tsx|nunjucks|ssh2|listr2|yaml|zod|fast-xml-parser)\/|<define:/.test(u));
    expect(heavy).toEqual([]);
    // The log does see what a command loads: `doc` evaluates the module registry and zod behind it.
    const doc = await loadedBy(['doc', 'win_ping']);
    expect(doc.code, doc.stderr).toBe(0);
    expect(doc.loaded).toContain('/src/modules/registry.ts');
    expect(doc.loaded.some((u) => /node_modules\/zod\//.test(u))).toBe(true);
    // `run` loads the engine, the WinRM transport and the module registry, and what only some runs use stays
    // unloaded until they use it: Kerberos, TLS, gzip, child processes, ssh2, the simulator, the file reporters.
    writeFileSync(join(dir, 'inv.yml'), 'windows:\n  hosts:\n    win01:\n      ansible_host: 127.0.0.1\n');
    writeFileSync(join(dir, 'pb.yml'), '- hosts: windows\n  gather_facts: false\n  tasks:\n    - raw: hostname\n');
    const run = await loadedBy(['run', '-i', 'inv.yml', '--syntax-check', 'pb.yml']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.loaded).toEqual(expect.arrayContaining(['/src/modules/registry.ts', '/src/transport/winrm/transport.ts', '/src/engine/index.ts']));
    const unused = run.loaded.filter((u) =>
      /\/src\/(sim|transport\/winrm\/kerberos\/index|transport\/winrm\/kerberos-handshake|report\/(json|html|live))|^\/require:((node:)?(tls|zlib|child_process|https)|ssh2)$/.test(u),
    );
    expect(unused).toEqual([]);
    expect(run.loaded).toContain('/require:node:crypto');
  });

  it('compiles the bundle with the code cache a successful run of the same command left, and runs the same without it', async () => {
    const cacheDir = join(dir, 'dist/bundle/cache');
    rmSync(cacheDir, { recursive: true, force: true });
    const first = await node(['bin/winbook.js', 'doc', 'win_ping'], { WINBOOK_RUN_FROM: 'dist' });
    expect(first.code, first.stderr).toBe(0);
    const written = readdirSync(cacheDir);
    expect(written).toEqual([expect.stringMatching(/^doc-\d+-\d+\.v8$/)]);
    const second = await node(['bin/winbook.js', 'doc', 'win_ping'], { WINBOOK_RUN_FROM: 'dist' });
    expect(second).toEqual(first);
    // A failed command (exit 2, an unknown module) writes none.
    rmSync(cacheDir, { recursive: true, force: true });
    const failed = await node(['bin/winbook.js', 'doc', 'win_nosuch'], { WINBOOK_RUN_FROM: 'dist' });
    expect(failed.code).not.toBe(0);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
    const without = await node(['bin/winbook.js', 'doc', 'win_ping'], { WINBOOK_RUN_FROM: 'dist', WINBOOK_CODE_CACHE: '0' });
    expect(without).toEqual(first);
    expect(existsSync(cacheDir) ? readdirSync(cacheDir) : []).toEqual([]);
  });

  it('refuses a dist older than the sources: one line saying why and how to rebuild, never the stale JS', async () => {
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'src/errors.ts'), later, later);
    const auto = await node(['bin/winbook.js', '--help'], { WINBOOK_RUN_FROM: undefined });
    // It falls back to the TypeScript sources through tsx, which this copy does not have.
    expect(auto.stderr.split('\n')[0]).toBe('winbook: dist/ is older than the sources, running the TypeScript sources through tsx (slow start); `npm run build` to rebuild');
    expect(auto.code).not.toBe(0);
    expect(auto.stdout).toBe('');
    const strict = await node(['bin/winbook.js', '--help'], { WINBOOK_RUN_FROM: 'dist' });
    expect(strict).toEqual({ code: 2, stdout: '', stderr: 'winbook: WINBOOK_RUN_FROM=dist but dist/ is older than the sources; run `npm run build`\n' });
  });
});
