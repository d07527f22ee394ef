/**
 * What win_command and win_shell share on the simulated host: creates/removes (wildcards in the last segment),
 * chdir, the Windows argv quoting rules, routing a command line to the cmd emulation or the PowerShell subset,
 * and Ansible's result shape (rc, stdout, stderr, *_lines, start, end, delta).
 */
import { childrenOf, getNode } from '../fs.ts';
import { runCmd } from '../cmd.ts';
import type { CmdResult } from '../cmd-output.ts';
import { parentOf } from '../fs-path.ts';
import type { HostState } from '../state.ts';
import { actorOf, pathArg } from './fs-common.ts';
import { parsePowerShellArgs } from '../powershell-args.ts';
import { runPowerShellSubset } from '../programs/powershell-exe.ts';
import { type BehaviourContext, ModuleFailure } from './types.ts';
import type { ModuleResult } from '../../../modules/types.ts';

/** CommandLineToArgvW's inverse (what ansible.windows.quote does). */
export function quoteArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return '"' + arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1') + '"';
}

function exists(state: HostState, text: unknown, ctx: BehaviourContext): boolean {
  const path = pathArg(text, ctx, { wildcards: true });
  const name = path.slice(path.lastIndexOf('\\') + 1);
  if (!/[*?]/.test(name)) return getNode(state, path) !== undefined;
  const re = new RegExp('^' + name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  const dir = parentOf(path);
  return dir !== undefined && childrenOf(state, dir).some((c) => re.test(c.path.slice(c.path.lastIndexOf('\\') + 1)));
}

/** The result when creates/removes says not to run, else undefined. */
export function guard(state: HostState, args: Record<string, unknown>, ctx: BehaviourContext, cmd: string): ModuleResult | undefined {
  if (args.creates !== undefined && exists(state, args.creates, ctx)) return { changed: false, skipped: true, cmd, rc: 0, msg: `skipped, since ${String(args.creates)} exists` };
  if (args.removes !== undefined && !exists(state, args.removes, ctx)) return { changed: false, skipped: true, cmd, rc: 0, msg: `skipped, since ${String(args.removes)} does not exist` };
  return undefined;
}

export function checkChdir(state: HostState, args: Record<string, unknown>, ctx: BehaviourContext): void {
  if (args.chdir === undefined) return;
  const dir = pathArg(args.chdir, ctx);
  if (getNode(state, dir)?.kind !== 'directory') throw new ModuleFailure(`Exception calling "CreateProcess" with "1" argument(s): "The directory name is invalid. (Win32ErrorCode 267)"`);
}

/** Programs the simulated host has (cmd.exe's built-ins are not programs). */
const PROGRAMS = new Set(['cmd', 'hostname', 'whoami', 'sc', 'net', 'powershell']);

export function programOf(line: string): string {
  const first = /^\s*("[^"]*"|\S+)/.exec(line)?.[1] ?? '';
  return (first.replace(/"/g, '').split('\\').pop() ?? '').toLowerCase().replace(/\.(exe|com)$/, '');
}

/** Runs an executable's command line (CreateProcess, no cmd.exe in between). */
export function runProgram(state: HostState, line: string, ctx: BehaviourContext): CmdResult {
  const program = programOf(line);
  if (!PROGRAMS.has(program)) {
    const shown = program.includes('.') ? program : `${program}.exe`;
    throw new ModuleFailure(`Exception calling "SearchPath" with "1" argument(s): "Could not find file '${shown}'."`);
  }
  if (program === 'powershell') return runPowerShell(state, line.replace(/^\s*("[^"]*"|\S+)\s*/, ''), ctx);
  return runCmdLine(state, line, ctx);
}

export function runCmdLine(state: HostState, line: string, ctx: BehaviourContext): CmdResult {
  const actor = actorOf(ctx);
  return runCmd(line, { state, user: ctx.account, actor, powershell: (args) => runPowerShell(state, args, ctx) });
}

/** `powershell.exe ARGS`: -Command text runs in the subset; -EncodedCommand and -File are refused there too. */
export function runPowerShell(state: HostState, args: string, ctx: BehaviourContext): CmdResult {
  const inv = parsePowerShellArgs(args);
  const script = inv.command ?? (inv.encodedCommand !== undefined ? Buffer.from(inv.encodedCommand, 'base64').toString('utf16le') : `& '${inv.file ?? ''}'`);
  return runPowerShellSubset(state, script, actorOf(ctx), ctx.environment);
}

const stamp = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '000');
const lines = (s: string) => (s === '' ? [] : s.replace(/\r?\n$/, '').split(/\r?\n/));

export function commandResult(cmd: string, r: CmdResult, started: Date): ModuleResult {
  const end = new Date();
  const ms = end.getTime() - started.getTime();
  return {
    changed: true, cmd, rc: r.rc, stdout: r.stdout, stderr: r.stderr, stdout_lines: lines(r.stdout), stderr_lines: lines(r.stderr),
    start: stamp(started), end: stamp(end), delta: `0:00:${(ms / 1000).toFixed(6).padStart(9, '0')}`,
    ...(r.rc !== 0 ? { failed: true, msg: 'non-zero return code' } : {}),
  };
}
