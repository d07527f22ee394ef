/**
 * The programs a simulated host can run as child processes (CreateProcess: an executable and its command line, no
 * shell in between), and the processes it keeps running: cmd.exe (cmd.ts, with its built-ins), hostname, whoami,
 * sc and net (cmd's emulation of them), powershell.exe (its documented subset, powershell-exe.ts), and the
 * programs installed software registers on the host (hooks.ts: Qlik's Repository.exe, Proxy.exe and
 * Scheduler.exe). Anything else does not exist: CreateProcess's error 2.
 */
import { BufferedProcess, type ProcessContext } from '../../process.ts';
import { launchProgram } from '../hooks.ts';
import { type CmdEnv, runCmd } from '../cmd.ts';
import { type CmdResult, unsupported } from '../cmd-output.ts';
import { getNode, resolvePath, type FsActor } from '../fs.ts';
import { sessionEnvironment } from '../fs-path.ts';
import { allocatePid } from '../process-ids.ts';
import type { HostState } from '../state.ts';
import { WindowsError } from '../windows-error.ts';
import { runPowerShellExe } from './powershell-exe.ts';

const SYSTEM32 = 'C:\\Windows\\System32';
const PS_DIR = `${SYSTEM32}\\WindowsPowerShell\\v1.0`;

/** The system's programs by full path (lower case) → what runs. */
const SYSTEM_PROGRAMS = new Map<string, string>([
  [`${SYSTEM32}\\cmd.exe`, 'cmd'],
  [`${SYSTEM32}\\hostname.exe`, 'hostname'],
  [`${SYSTEM32}\\whoami.exe`, 'whoami'],
  [`${SYSTEM32}\\sc.exe`, 'sc'],
  [`${SYSTEM32}\\net.exe`, 'net'],
  [`${PS_DIR}\\powershell.exe`, 'powershell'],
].map(([p, n]) => [(p as string).toLowerCase(), n as string]));

/** CreateProcess's search for a bare name (System32, the Windows folder, then PATH: PowerShell's folder is on it). */
const SEARCH = [SYSTEM32, 'C:\\Windows', PS_DIR];

/** An installed program a hook owns (Qlik's executables: named in a service's binary path). */
function installedProgram(state: HostState, path: string): boolean {
  const lower = path.toLowerCase();
  return state.services.some((s) => {
    const bin = /^\s*(?:"([^"]+)"|(\S+))/.exec(s.path ?? '');
    return (bin?.[1] ?? bin?.[2] ?? '').toLowerCase() === lower;
  });
}

function exists(state: HostState, path: string): boolean {
  return SYSTEM_PROGRAMS.has(path.toLowerCase()) || installedProgram(state, path) || getNode(state, path)?.kind === 'file';
}

/** The full path CreateProcess would run for NAME, or undefined (SearchPath with .exe added when there is no extension). */
export function findProgram(state: HostState, name: string, account: string): string | undefined {
  const names = /\.[^\\/.]+$/.test(name) ? [name] : [`${name}.exe`];
  if (/[\\/:]/.test(name)) {
    for (const n of names) {
      const full = resolvePath(n, account);
      if (exists(state, full)) return full;
    }
    return undefined;
  }
  for (const dir of SEARCH) {
    for (const n of names) {
      const full = `${dir}\\${n}`;
      if (exists(state, full)) {
        // Windows keeps the file's own case: the system programs are lower case.
        return SYSTEM_PROGRAMS.has(full.toLowerCase()) ? `${dir}\\${n.toLowerCase()}` : full;
      }
    }
  }
  return undefined;
}

export interface LaunchRequest {
  /** The executable's full path. */
  path: string;
  /** The arguments as the child's command line has them after its own name. */
  args: string;
  cwd?: string;
  /** Variables for the child, over the account's session environment and the agent's process environment. */
  env?: Record<string, string>;
  actor: FsActor;
}

/** A running (or already finished) child process, with the id the host gave it. */
export interface SimChild {
  pid: number;
  process: BufferedProcess;
  /** Seconds it runs before exiting (its output is already known): a script's Start-Sleep. */
  seconds?: number;
}

/** A program whose whole output is known when it starts (powershell.ts's FinishedProcess, kept apart to avoid an import cycle). */
class ExitedProcess extends BufferedProcess {
  constructor(ctx: ProcessContext, result: CmdResult) {
    super(ctx);
    if (result.stdout) this.out(result.stdout);
    if (result.stderr) this.err(result.stderr);
    this.exit(result.rc);
  }

  write(): void {
    // Its output is final: stdin is not read.
  }
}


/** CreateProcess on the simulated host: the program's process, or WindowsError 2 / 267 as Windows refuses. */
export function startProgram(state: HostState, req: LaunchRequest): SimChild {
  const account = req.actor.account;
  const cwd = req.cwd === undefined ? `C:\\Users\\${account.split('\\').pop() || 'Administrator'}` : resolvePath(req.cwd, account);
  if (req.cwd !== undefined && getNode(state, cwd)?.kind !== 'directory') throw new WindowsError(267, 'The directory name is invalid.');
  const env = { ...sessionEnvironment(account), ...upper(state.process_env ?? {}), ...upper(req.env ?? {}) };
  const ctx: ProcessContext = { codepage: 437, env, cwd, user: account };
  const quoted = /\s/.test(req.path) ? `"${req.path}"` : req.path;
  const hooked = launchProgram(state, `${quoted} ${req.args}`.trim(), ctx);
  if (hooked) return { pid: (hooked as { pid?: number }).pid ?? allocatePid(state), process: hooked };
  const program = SYSTEM_PROGRAMS.get(req.path.toLowerCase());
  if (!program) throw new WindowsError(2, 'The system cannot find the file specified.');
  const powershell = (args: string): CmdResult => runPowerShellExe(state, args, req.actor, env);
  let result: CmdResult;
  const cmdEnv = { state, user: account, actor: req.actor, powershell };
  if (program === 'powershell') result = powershell(req.args);
  else if (program === 'cmd') result = runCmdExe(req.args, cmdEnv);
  else result = runCmd(`${program} ${req.args}`, cmdEnv);
  return { pid: allocatePid(state), process: new ExitedProcess(ctx, result), ...(result.seconds ? { seconds: result.seconds } : {}) };
}

/** `cmd.exe [/s] [/q] [/d] /c LINE`: cmd itself parses LINE (one pair of quotes around it stripped, see `cmd /?`). */
function runCmdExe(args: string, env: CmdEnv): CmdResult {
  const m = /^((?:\/[a-z](?::\w+)?\s*)*?)\/[ck](?:\s+|$)(.*)$/is.exec(args.trim());
  if (!m) return unsupported(`an interactive 'cmd ${args.trim()}'`);
  let line = m[2] as string;
  if (line.startsWith('"') && line.trimEnd().endsWith('"') && line.length >= 2) line = line.trimEnd().slice(1, -1);
  return runCmd(line, env);
}

function upper(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k.toUpperCase(), v]));
}

/** Processes started and left running (Start-WbProcess), by id, with the output read from them so far. */
export interface KeptProcess {
  child: SimChild;
  stdout: Buffer[];
  stderr: Buffer[];
  start: string;
  utf8: boolean;
}

const KEPT = new WeakMap<HostState, Map<number, KeptProcess>>();

export function keptProcesses(state: HostState): Map<number, KeptProcess> {
  let m = KEPT.get(state);
  if (!m) KEPT.set(state, (m = new Map()));
  return m;
}
