// npm's postinstall: makes sure the simulator has a PowerShell to run the modules' real scripts in. Looks where
// src/sim/runner/find-pwsh.ts looks ($WINBOOK_PWSH, Windows PowerShell 5.1 on Windows, .tools/pwsh, pwsh on PATH,
// ~/.dotnet/tools/pwsh); when there is none, installs PowerShell 7.6.10 into .tools/pwsh with `dotnet tool install`.
// Plain JS (runs before anything is built), and it never fails `npm install`: it warns and exits 0.
// `node scripts/ensure-pwsh.mjs --require` (CI) exits 1 instead when no PowerShell can be had.
// test/unit/sim/find-pwsh.test.ts checks this file and find-pwsh.ts agree on PWSH_VERSION and toolDir().
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

export const PWSH_VERSION = '7.6.10';
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const toolDir = (repoRoot = REPO_ROOT) => join(repoRoot, '.tools', 'pwsh');

const win = process.platform === 'win32';
const exe = (name) => (win ? `${name}.exe` : name);
const isFile = (p) => { try { return statSync(p).isFile(); } catch { return false; } };
const onPath = (name) => (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, exe(name))).find(isFile);
const env = { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' };

/** The version `path` reports, if it is a PowerShell the simulator can use (pwsh 7.4+, Windows PowerShell 5.1). */
function usable(path) {
  const r = spawnSync(path, ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'],
    { encoding: 'utf8', timeout: 30_000, windowsHide: true, env });
  const m = r.status === 0 ? /^(\d+)\.(\d+)\S*$/m.exec(r.stdout.trim()) : null;
  if (!m) return undefined;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return (major === 5 && minor >= 1) || major > 7 || (major === 7 && minor >= 4) ? m[0] : undefined;
}

function candidates(dir) {
  const list = [];
  if (win) list.push(join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'));
  list.push(join(dir, exe('pwsh')), onPath('pwsh'), join(homedir(), '.dotnet', 'tools', exe('pwsh')));
  return list.filter((p) => p && isFile(p));
}

function whatToInstall() {
  if (win) return 'Windows PowerShell 5.1 is built into Windows; if it is missing, install PowerShell 7.4+ or set WINBOOK_PWSH=C:\\path\\to\\pwsh.exe';
  if (process.platform === 'darwin') return 'brew install powershell (or install the .NET SDK 10 and rerun), or set WINBOOK_PWSH=/path/to/pwsh';
  const sdk = existsSync('/etc/debian_version')
    ? "the .NET SDK 10 (apt-get install dotnet-sdk-10.0, from Ubuntu's archive or Microsoft's package repository)"
    : "the .NET SDK 10 (your distribution's dotnet-sdk-10.0 package, or Microsoft's packages)";
  return `install ${sdk} and rerun npm install, or install PowerShell 7.4+ and set WINBOOK_PWSH=/path/to/pwsh`;
}

/** The PowerShell found or installed, or a reason there is none. */
export function ensure(dir = toolDir(), log = (line) => process.stderr.write(`${line}\n`)) {
  if (process.env.WINBOOK_PWSH) {
    const v = usable(process.env.WINBOOK_PWSH);
    return v ? { path: process.env.WINBOOK_PWSH, version: v } : { reason: `WINBOOK_PWSH=${process.env.WINBOOK_PWSH} is not PowerShell 7.4+ (or 5.1); fix or unset it` };
  }
  for (const p of candidates(dir)) {
    const v = usable(p);
    if (v) return { path: p, version: v };
  }
  const dotnet = onPath('dotnet');
  if (!dotnet) return { reason: 'no pwsh found, and no dotnet on PATH to install it with' };
  if (!/^Microsoft\.NETCore\.App 10\./m.test(spawnSync(dotnet, ['--list-runtimes'], { encoding: 'utf8', env }).stdout ?? '')) {
    return { reason: `no pwsh found, and ${dotnet} has no .NET 10 runtime, which PowerShell ${PWSH_VERSION} needs` };
  }
  const shown = dir === toolDir() ? join('.tools', 'pwsh') : dir;
  log(`winbook: PowerShell ${PWSH_VERSION} not found; installing it into ${shown} with 'dotnet tool install' (once, ~10 s)`);
  const r = spawnSync(dotnet, ['tool', 'install', '--tool-path', dir, 'PowerShell', '--version', PWSH_VERSION],
    { encoding: 'utf8', timeout: 10 * 60_000, env });
  const pwsh = join(dir, exe('pwsh'));
  const v = isFile(pwsh) ? usable(pwsh) : undefined;
  if (v) return { path: pwsh, version: v };
  const out = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split(/\r?\n/).slice(-3).join(' | ');
  return { reason: `'dotnet tool install PowerShell --version ${PWSH_VERSION}' failed${out ? `: ${out}` : ''}` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const required = process.argv.includes('--require');
  const r = ensure();
  if (r.reason) {
    process.stderr.write(`winbook: ${required ? 'error' : 'warning'}: ${r.reason}. The simulator runs the modules' PowerShell in pwsh; to fix: ${whatToInstall()}\n`);
    process.exitCode = required ? 1 : 0;
  } else if (required) {
    process.stdout.write(`winbook: PowerShell ${r.version} at ${r.path}\n`);
  }
}
