/**
 * Finds the PowerShell the simulator runs the modules' real scripts in, and installs PowerShell 7 into the
 * project (<repo>/.tools/pwsh, with `dotnet tool install`) when there is none. Simulator-only: production code
 * never imports src/sim.
 *
 * Search order: $WINBOOK_PWSH (an explicit path: used or refused, never passed over), then on Windows the built-in
 * Windows PowerShell 5.1 (what the hosts run), then <repo>/.tools/pwsh/pwsh, `pwsh` on PATH, ~/.dotnet/tools/pwsh.
 * Each candidate is run once to read its version (pwsh 7.4+, Windows PowerShell 5.1); the answer is cached per
 * process. scripts/ensure-pwsh.mjs (npm's postinstall) does the same search and install in plain JS;
 * test/unit/sim/find-pwsh.test.ts checks the two agree on the version and the install path.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The PowerShell version `npm install` / `install: true` put into .tools/pwsh (7.7.0 fails to install). */
export const PWSH_VERSION = '7.6.10';
/** The repository: src/sim/runner/ is three directories below it. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type PowerShellKind = 'pwsh' | 'windows-powershell';
export interface PowerShell {
  path: string;
  kind: PowerShellKind;
  version: string;
}

export interface FindPowerShellOptions {
  /** Install PowerShell 7 into the tool directory with `dotnet tool install` when none is found. */
  install?: boolean;
  /** Where the one "installing" line goes (default: stderr). */
  log?: (line: string) => void;
  /** The project-local install (default <repo>/.tools/pwsh); tests point it at a temp directory. */
  toolDir?: string;
  /** The variables the search reads: WINBOOK_PWSH, PATH, HOME/USERPROFILE, DOTNET_ROOT (default process.env). */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export interface PwshMissingError extends Error {
  code: 'PWSH_MISSING';
  hint: string;
}

const MIN: Record<PowerShellKind, [number, number]> = { pwsh: [7, 4], 'windows-powershell': [5, 1] };
const VERSION_ARGS = ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'];
const PROBE_TIMEOUT_MS = 30_000;
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const CHILD_ENV = { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' };

export function defaultToolDir(repoRoot = REPO_ROOT): string {
  return join(repoRoot, '.tools', 'pwsh');
}

interface Context {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  toolDir: string;
  home: string;
}

function context(opts: FindPowerShellOptions): Context {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const home = (platform === 'win32' ? env.USERPROFILE : env.HOME) ?? homedir();
  return { env, platform, toolDir: opts.toolDir ?? defaultToolDir(), home };
}

const exe = (ctx: Context, name: string) => (ctx.platform === 'win32' ? `${name}.exe` : name);

/** The first file called `name` in the directories of PATH. */
function onPath(ctx: Context, name: string): string | undefined {
  const dirs = (ctx.env.PATH ?? ctx.env.Path ?? '').split(ctx.platform === 'win32' ? ';' : delimiter);
  for (const dir of dirs) {
    if (!dir) continue;
    const p = join(dir, exe(ctx, name));
    if (isFile(p)) return p;
  }
  return undefined;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The candidates after $WINBOOK_PWSH, in order, those that exist. */
function candidates(ctx: Context): Array<{ path: string; kind: PowerShellKind }> {
  const out: Array<{ path: string; kind: PowerShellKind }> = [];
  if (ctx.platform === 'win32') {
    const root = ctx.env.SystemRoot ?? ctx.env.windir ?? 'C:\\Windows';
    const builtIn = join(root, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    const winps = isFile(builtIn) ? builtIn : onPath(ctx, 'powershell');
    if (winps) out.push({ path: winps, kind: 'windows-powershell' });
  }
  const local = join(ctx.toolDir, exe(ctx, 'pwsh'));
  if (isFile(local)) out.push({ path: local, kind: 'pwsh' });
  const path = onPath(ctx, 'pwsh');
  if (path) out.push({ path, kind: 'pwsh' });
  const dotnetTools = join(ctx.home, '.dotnet', 'tools', exe(ctx, 'pwsh'));
  if (isFile(dotnetTools)) out.push({ path: dotnetTools, kind: 'pwsh' });
  return out;
}

type Probe = { ok: true; ps: PowerShell } | { ok: false; reason: string };

/** Judges what running `path -Command $PSVersionTable.PSVersion.ToString()` printed. */
function judge(path: string, kind: PowerShellKind | undefined, stdout: string, failure: string | undefined): Probe {
  if (failure !== undefined) return { ok: false, reason: `${path} does not run: ${failure}` };
  const version = stdout.trim().split(/\r?\n/).pop()?.trim() ?? '';
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return { ok: false, reason: `${path} printed no PowerShell version (${JSON.stringify(stdout.trim().slice(0, 200))})` };
  const actual = kind ?? (Number(m[1]) === 5 ? 'windows-powershell' : 'pwsh');
  const [major, minor] = MIN[actual];
  const [vMajor, vMinor] = [Number(m[1]), Number(m[2])];
  const tooOld = vMajor < major || (vMajor === major && vMinor < minor) || (actual === 'pwsh' && vMajor < 7);
  if (tooOld) {
    const need = actual === 'pwsh' ? `PowerShell ${major}.${minor}+` : `Windows PowerShell ${major}.${minor}`;
    return { ok: false, reason: `${path} is PowerShell ${version}; the simulator needs ${need}` };
  }
  return { ok: true, ps: { path, kind: actual, version } };
}

function probeSync(path: string, kind?: PowerShellKind): Probe {
  const r = spawnSync(path, VERSION_ARGS, { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS, windowsHide: true, env: CHILD_ENV });
  const failure = r.error ? r.error.message : r.status !== 0 ? `exit ${String(r.status ?? r.signal)}: ${(r.stderr || r.stdout).trim().slice(0, 300)}` : undefined;
  return judge(path, kind, r.stdout ?? '', failure);
}

function run(file: string, args: string[], timeout: number): Promise<{ stdout: string; failure?: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', timeout, windowsHide: true, env: CHILD_ENV, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout });
      const detail = (stderr || stdout || '').trim().split(/\r?\n/).slice(-5).join(' | ');
      resolve({ stdout, failure: `${err.killed ? 'timed out' : err.message.split('\n')[0]}${detail ? `: ${detail}` : ''}` });
    });
  });
}

async function probe(path: string, kind?: PowerShellKind): Promise<Probe> {
  const r = await run(path, VERSION_ARGS, PROBE_TIMEOUT_MS);
  return judge(path, kind, r.stdout, r.failure);
}

const cache = new Map<string, PowerShell>();
const cacheKey = (ctx: Context) => JSON.stringify([ctx.env.WINBOOK_PWSH, ctx.platform, ctx.toolDir, ctx.env.PATH, ctx.home]);

/** Forgets what earlier searches found (tests). */
export function clearPowerShellCache(): void {
  cache.clear();
}

/** What to install, for the error message: per platform. */
export function whatToInstall(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    return 'Windows PowerShell 5.1 is built into Windows (%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\powershell.exe); ' +
      'if it is missing or blocked, install PowerShell 7.4+ (winget install Microsoft.PowerShell) or set WINBOOK_PWSH=C:\\path\\to\\pwsh.exe';
  }
  if (platform === 'darwin') return 'brew install powershell (or install the .NET SDK 10 and rerun), or set WINBOOK_PWSH=/path/to/pwsh';
  // PowerShell 7.6 is a net10.0 tool: `dotnet tool install` needs the .NET 10 SDK (runtime 10.x), not 8 or 9.
  const sdk = existsSync('/etc/debian_version')
    ? "the .NET SDK 10 (apt-get install dotnet-sdk-10.0, from Ubuntu's archive or Microsoft's package repository)"
    : "the .NET SDK 10 (your distribution's dotnet-sdk-10.0 package, or Microsoft's packages)";
  return `install ${sdk} and rerun, or install PowerShell 7.4+ and set WINBOOK_PWSH=/path/to/pwsh`;
}

function missing(reason: string, platform: NodeJS.Platform): PwshMissingError {
  const hint = whatToInstall(platform);
  const err = new Error(`PowerShell for the simulator not found: ${reason}. To fix: ${hint}`) as PwshMissingError;
  err.code = 'PWSH_MISSING';
  err.hint = hint;
  return err;
}

function explicit(ctx: Context): string | undefined {
  const p = ctx.env.WINBOOK_PWSH?.trim();
  return p ? p : undefined;
}

/** Looks only (never installs): the PowerShell to use, or undefined. A broken $WINBOOK_PWSH throws. */
export function findPowerShellSync(opts: Omit<FindPowerShellOptions, 'install' | 'log'> = {}): PowerShell | undefined {
  const ctx = context(opts);
  const key = cacheKey(ctx);
  const hit = cache.get(key);
  if (hit) return hit;
  const forced = explicit(ctx);
  if (forced) {
    const r = probeSync(forced);
    if (!r.ok) throw missing(`WINBOOK_PWSH: ${r.reason}`, ctx.platform);
    cache.set(key, r.ps);
    return r.ps;
  }
  for (const c of candidates(ctx)) {
    const r = probeSync(c.path, c.kind);
    if (r.ok) {
      cache.set(key, r.ps);
      return r.ps;
    }
  }
  return undefined;
}

/** The PowerShell to run module scripts in; with `install`, installs PowerShell 7 into the tool directory first. */
export async function findPowerShell(opts: FindPowerShellOptions = {}): Promise<PowerShell> {
  const ctx = context(opts);
  const key = cacheKey(ctx);
  const hit = cache.get(key);
  if (hit) return hit;
  const forced = explicit(ctx);
  if (forced) {
    const r = await probe(forced);
    if (!r.ok) throw missing(`WINBOOK_PWSH: ${r.reason}`, ctx.platform);
    cache.set(key, r.ps);
    return r.ps;
  }
  const reasons: string[] = [];
  for (const c of candidates(ctx)) {
    const r = await probe(c.path, c.kind);
    if (r.ok) {
      cache.set(key, r.ps);
      return r.ps;
    }
    reasons.push(r.reason);
  }
  const looked = ctx.platform === 'win32' ? 'no Windows PowerShell 5.1 and no pwsh' : 'no pwsh';
  const none = `${looked} in ${ctx.toolDir}, on PATH or in ~/.dotnet/tools${reasons.length ? ` (${reasons.join('; ')})` : ''}`;
  if (!opts.install) throw missing(none, ctx.platform);
  const ps = await install(ctx, opts.log ?? ((line) => process.stderr.write(`${line}\n`)));
  cache.set(key, ps);
  return ps;
}

function findDotnet(ctx: Context): string | undefined {
  const fromPath = onPath(ctx, 'dotnet');
  if (fromPath) return fromPath;
  for (const dir of [ctx.env.DOTNET_ROOT, join(ctx.home, '.dotnet')]) {
    if (dir && isFile(join(dir, exe(ctx, 'dotnet')))) return join(dir, exe(ctx, 'dotnet'));
  }
  return undefined;
}

async function install(ctx: Context, log: (line: string) => void): Promise<PowerShell> {
  const dotnet = findDotnet(ctx);
  if (!dotnet) throw missing(`no pwsh, and no dotnet on PATH to install PowerShell ${PWSH_VERSION} with`, ctx.platform);
  const runtimes = await run(dotnet, ['--list-runtimes'], PROBE_TIMEOUT_MS);
  if (!/^Microsoft\.NETCore\.App 10\./m.test(runtimes.stdout)) {
    throw missing(`no pwsh, and ${dotnet} has no .NET 10 runtime, which PowerShell ${PWSH_VERSION} needs`, ctx.platform);
  }
  const pwsh = join(ctx.toolDir, exe(ctx, 'pwsh'));
  const release = await lock(`${ctx.toolDir}.lock`);
  try {
    // Another process may have installed it while this one waited for the lock.
    if (isFile(pwsh)) {
      const r = await probe(pwsh, 'pwsh');
      if (r.ok) return r.ps;
      // A broken install: `dotnet tool install` would call it "already installed".
      await run(dotnet, ['tool', 'uninstall', '--tool-path', ctx.toolDir, 'PowerShell'], INSTALL_TIMEOUT_MS);
    }
    log(`winbook: PowerShell ${PWSH_VERSION} not found; installing it into ${shortDir(ctx.toolDir)} with 'dotnet tool install' (once, ~10 s)`);
    const r = await run(dotnet, ['tool', 'install', '--tool-path', ctx.toolDir, 'PowerShell', '--version', PWSH_VERSION], INSTALL_TIMEOUT_MS);
    if (r.failure !== undefined) throw missing(`'dotnet tool install PowerShell --version ${PWSH_VERSION}' failed: ${r.failure}`, ctx.platform);
    const v = await probe(pwsh, 'pwsh');
    if (!v.ok) throw missing(`installed PowerShell ${PWSH_VERSION}, but ${v.reason}`, ctx.platform);
    return v.ps;
  } finally {
    release();
  }
}

/** .tools/pwsh for the project's own tool directory, the full path otherwise. */
function shortDir(dir: string): string {
  return dir === defaultToolDir() ? join('.tools', 'pwsh') : dir;
}

/** A directory as a lock between processes (vitest's workers may all want pwsh at once); a dead owner's is stale. */
async function lock(dir: string): Promise<() => void> {
  mkdirSync(dirname(dir), { recursive: true });
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (Date.now() > deadline || !ownerAlive(dir)) rmSync(dir, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function ownerAlive(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  } catch {
    // Just created, pid not written yet; or gone. Stale only if old.
    try {
      return Date.now() - statSync(dir).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
