/**
 * powershell.exe as a program of the simulated host (a child process, as win_shell and win_command start it): it
 * runs a small PowerShell subset (docs/simulator.md):
 * Write-Output/echo, Get-Content [-Raw], Set-Content -Value, Test-Path, New-Item -ItemType Directory and
 * Get-Service, Start-Sleep (the process runs that long: the façade answers after that time), one command per statement (`;` or newline), literal arguments only. Anything else is refused
 * with a CLIXML error saying so: the simulator never pretends to run PowerShell it cannot.
 */
import { FsError, getNode, makeDirectory, readFile, resolvePath, writeFile, type FsActor } from '../fs.ts';
import { clixmlError } from '../clixml.ts';
import type { CmdResult } from '../cmd-output.ts';
import { findServiceByAnyName } from '../services.ts';
import type { HostState } from '../state.ts';
import { sessionEnvironment } from '../fs-path.ts';
import { parsePowerShellArgs } from '../powershell-args.ts';

export const POWERSHELL_SUBSET = ['Write-Output', 'echo', 'Get-Content', 'Set-Content', 'Test-Path', 'New-Item', 'Get-Service', 'Start-Sleep'];

/** Words of one statement; quotes removed, `$env:NAME` expanded inside double quotes and bare words. */
function words(stmt: string, env: Record<string, string>): string[] {
  const out: string[] = [];
  const re = /'((?:[^']|'')*)'|"((?:[^"`]|`.)*)"|(\S+)/g;
  const expand = (s: string) => s.replace(/\$env:(\w+)/gi, (_m, n: string) => env[n.toUpperCase()] ?? '');
  for (let m = re.exec(stmt); m; m = re.exec(stmt)) {
    if (m[1] !== undefined) out.push(m[1].replace(/''/g, "'"));
    else if (m[2] !== undefined) out.push(expand(m[2].replace(/`(.)/g, '$1')));
    else out.push(expand(m[3] as string));
  }
  return out;
}

/** -Name value pairs and positional values. */
function params(ws: string[]): { named: Record<string, string | true>; positional: string[] } {
  const named: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as string;
    if (/^-[A-Za-z]/.test(w)) {
      const next = ws[i + 1];
      const isSwitch = /^-(raw|force)$/i.test(w) || next === undefined || /^-[A-Za-z]/.test(next);
      named[w.slice(1).toLowerCase()] = isSwitch ? true : (ws[++i] as string);
    } else positional.push(w);
  }
  return { named, positional };
}

class PsError extends Error {}

function pathParam(p: ReturnType<typeof params>, account: string): string {
  const v = p.named.path ?? p.named.literalpath ?? p.positional[0];
  if (typeof v !== 'string') throw new PsError('Cannot bind argument to parameter \'Path\' because it is null.');
  return resolvePath(v, account);
}

function serviceTable(state: HostState, names: string[]): string {
  const list = names.length ? names.map((n) => {
    const s = findServiceByAnyName(state, n);
    if (!s) throw new PsError(`Get-Service : Cannot find any service with service name '${n}'.`);
    return s;
  }) : state.services;
  const status = (s: string) => ({ running: 'Running', stopped: 'Stopped', paused: 'Paused' })[s] ?? s;
  const rows = list.map((s) => `${status(s.state).padEnd(8)} ${s.name.padEnd(18)} ${s.display_name}`);
  return `\r\nStatus   Name               DisplayName\r\n------   ----               -----------\r\n${rows.join('\r\n')}\r\n\r\n\r\n`;
}

/** Start-Sleep [-Seconds] N | -Milliseconds N (Int32 in PowerShell 5.1), refused in PowerShell's words otherwise. */
function sleepSeconds(p: ReturnType<typeof params>): number {
  const ms = p.named.milliseconds;
  const param = ms === undefined ? 'Seconds' : 'Milliseconds';
  const raw = String(ms ?? p.named.seconds ?? p.named.s ?? p.positional[0] ?? '');
  const n = Math.round(Number(raw));
  if (raw.trim() === '' || !Number.isFinite(n)) {
    throw new PsError(`Start-Sleep : Cannot bind parameter '${param}'. Cannot convert value "${raw}" to type "System.Int32". Error: "Input string was not in a correct format."`);
  }
  if (n < 0) throw new PsError(`Start-Sleep : Cannot validate argument on parameter '${param}'. The ${n} argument is less than the minimum allowed range of 0. Supply an argument that is greater than or equal to 0 and then try the command again.`);
  return ms === undefined ? n : n / 1000;
}

function runStatement(state: HostState, stmt: string, actor: FsActor, env: Record<string, string>, clock: { seconds: number }): string {
  const ws = words(stmt, env);
  const cmd = (ws[0] ?? '').toLowerCase();
  const p = params(ws.slice(1));
  switch (cmd) {
    case 'write-output':
    case 'echo':
      return p.positional.map((w) => w + '\r\n').join('');
    case 'test-path':
      return (getNode(state, pathParam(p, actor.account)) ? 'True' : 'False') + '\r\n';
    case 'get-content': {
      const text = readFile(state, pathParam(p, actor.account), actor.account).toString('utf8');
      if (p.named.raw === true) return text;
      return text === '' ? '' : text.replace(/\r?\n$/, '').split(/\r?\n/).map((l) => l + '\r\n').join('');
    }
    case 'set-content': {
      const value = p.named.value ?? p.positional[1];
      writeFile(state, pathParam(p, actor.account), Buffer.from(`${value === true || value === undefined ? '' : value}\r\n`, 'utf8'), actor);
      return '';
    }
    case 'new-item': {
      if (String(p.named.itemtype ?? '').toLowerCase() !== 'directory') throw new PsError('winbook simulator: New-Item is emulated for -ItemType Directory only');
      const path = pathParam(p, actor.account);
      makeDirectory(state, path, actor);
      const parent = path.slice(0, path.lastIndexOf('\\')) || 'C:\\';
      const name = path.slice(path.lastIndexOf('\\') + 1);
      const d = new Date();
      const when = `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()}`.padStart(10) + `  ${d.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' })}`.padStart(10);
      return `\r\n\r\n    Directory: ${parent}\r\n\r\n\r\nMode                LastWriteTime         Length Name\r\n----                -------------         ------ ----\r\nd-----        ${when}                ${name}\r\n\r\n\r\n`;
    }
    case 'get-service':
      return serviceTable(state, p.positional.concat(typeof p.named.name === 'string' ? [p.named.name] : []));
    case 'start-sleep':
      clock.seconds += sleepSeconds(p);
      return '';
    default:
      throw new PsError(
        `winbook simulator: the simulated host runs only this PowerShell subset: ${POWERSHELL_SUBSET.join(', ')} (literal arguments). It cannot run '${ws[0] ?? stmt}'.`,
      );
  }
}

/** Runs a script of the subset; the first failing statement ends it with a CLIXML error and rc 1. */
/** `env`: the task's `environment:`, over the session's variables (names are case-insensitive, as on Windows). */
export function runPowerShellSubset(state: HostState, script: string, actor: FsActor, env: Record<string, string> = {}): CmdResult {
  const vars = { ...sessionEnvironment(actor.account), ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k.toUpperCase(), v])) };
  let stdout = '';
  const clock = { seconds: 0 };
  for (const stmt of script.split(/;|\r?\n/).map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('#'))) {
    try {
      stdout += runStatement(state, stmt, actor, vars, clock);
    } catch (e) {
      if (!(e instanceof PsError || e instanceof FsError)) throw e;
      const verb = stmt.split(/\s/)[0] ?? '';
      const msg = e instanceof FsError && !e.message.startsWith(verb) ? `${verb} : ${e.message}` : e.message;
      return { stdout, stderr: clixmlError(msg), rc: 1, seconds: clock.seconds };
    }
  }
  return { stdout, stderr: '', rc: 0, seconds: clock.seconds };
}

/** `powershell.exe ARGS` (-Command, -EncodedCommand or -File) run in the subset; the script's text is what it runs. */
export function runPowerShellExe(state: HostState, args: string, actor: FsActor, env: Record<string, string> = {}): CmdResult {
  const inv = parsePowerShellArgs(args);
  const script = inv.command ?? (inv.encodedCommand !== undefined ? Buffer.from(inv.encodedCommand, 'base64').toString('utf16le') : `& '${inv.file ?? ''}'`);
  return runPowerShellSubset(state, script, actor, env);
}
