/**
 * One simulated Windows host: its state, and the launcher the simulated WinRM listener calls for every WinRS
 * Command. Without skipCmdShell a command line runs as `cmd.exe /c LINE` (WinRS' default); a line that is a
 * single powershell.exe invocation becomes a live process reading stdin (the agent).
 */
import type { BufferedProcess, ProcessContext, ProcessLauncher } from '../process.ts';
import { isAdmin, qualify } from './accounts.ts';
import { launchProgram } from './hooks.ts';
import { type CmdEnv, runCmd } from './cmd.ts';
import { parseCmdLine } from './cmd-parse.ts';
import { FinishedProcess, runPowerShellToEnd, startPowerShell } from './powershell.ts';
import type { RehearsalLog } from './rehearsal-log.ts';
import { type HostState, defaultHostState } from './state.ts';
import { ensureProfile } from './profile.ts';
import { win32 } from './windows-error.ts';

export interface SimHostOptions {
  name: string;
  state?: HostState;
  log: RehearsalLog;
  /** Password of the built-in Administrator (created when the state lacks one). */
  adminPassword?: string;
}

export interface HostUser {
  password: string;
  admin: boolean;
}

/** Programs (not cmd built-ins) the host has, so skipCmdShell can run them directly. */
const PROGRAMS = new Set(['cmd', 'hostname', 'whoami', 'sc', 'net', 'powershell']);

export class SimHost implements ProcessLauncher {
  private current: HostState;

  constructor(private readonly opts: SimHostOptions) {
    this.current = opts.state ?? defaultHostState(opts.name, { adminPassword: opts.adminPassword });
    this.ensureAdministrator();
  }

  get name(): string {
    return this.current.hostname;
  }

  get state(): HostState {
    return this.current;
  }

  get log(): RehearsalLog {
    return this.opts.log;
  }

  start(commandLine: string, ctx: ProcessContext, skipCmdShell: boolean): BufferedProcess {
    // WinRS loads the user's profile, creating it at the account's first logon (a domain account's, typically).
    ensureProfile(this.current, ctx.user);
    const env = this.cmdEnv(ctx);
    // Ansible's raw over SSH (ssh.py exec_command for a Windows shell): cmd switches the console to UTF-8, silenced,
    // then runs one PowerShell; its children write in the new code page.
    const chcp = /^chcp(?:\.com)? 65001 >nul 2>&1 && (.*)$/is.exec(commandLine);
    if (chcp && singlePowerShell(chcp[1] as string) !== undefined) return this.start(chcp[1] as string, { ...ctx, codepage: 65001 }, skipCmdShell);
    const psArgs = singlePowerShell(commandLine);
    if (psArgs !== undefined) return startPowerShell(psArgs, ctx, { state: this.current, log: this.opts.log, account: ctx.user });
    const program = launchProgram(this.current, commandLine, ctx);
    if (program) return program;
    if (skipCmdShell) {
      // CreateProcess, no cmd.exe: built-ins such as echo do not exist as programs.
      const program = programOf(commandLine);
      if (!PROGRAMS.has(program)) throw win32(2);
    }
    return new FinishedProcess(ctx, runCmd(commandLine, env));
  }

  /** Accounts the WinRM listener authenticates: local users by lower-case name, domain users as `domain\user`. */
  users(): Map<string, HostUser> {
    const m = new Map<string, HostUser>();
    for (const u of this.current.users) {
      if (!u.enabled) continue;
      m.set(u.name.toLowerCase(), { password: u.password, admin: isAdmin(this.current, qualify(this.current, u.name)) });
    }
    return m;
  }

  /** A deep, JSON-safe copy of the state (passwords included: it is the simulator's own model). */
  snapshot(): HostState {
    return structuredClone(this.current);
  }

  private cmdEnv(ctx: ProcessContext): CmdEnv {
    return {
      state: this.current,
      user: ctx.user,
      actor: { account: ctx.user, log: this.opts.log },
      powershell: runPowerShellToEnd,
    };
  }

  private ensureAdministrator(): void {
    const s = this.current;
    const admin = s.users.find((u) => u.name.toLowerCase() === 'administrator');
    if (admin) {
      if (this.opts.adminPassword !== undefined) admin.password = this.opts.adminPassword;
      return;
    }
    s.users.push({ name: 'Administrator', password: this.opts.adminPassword ?? 'Passw0rd!', enabled: true });
    const members = (s.groups.Administrators ??= []);
    members.push(`${s.hostname}\\Administrator`);
  }
}

function programOf(commandLine: string): string {
  const first = /^\s*("[^"]*"|\S+)/.exec(commandLine)?.[1] ?? '';
  return (first.replace(/"/g, '').split('\\').pop() ?? '').toLowerCase().replace(/\.(exe|com)$/, '');
}

/** The arguments when the whole line is one `powershell[.exe] …` command (no chaining), else undefined. */
function singlePowerShell(commandLine: string): string | undefined {
  const parsed = parseCmdLine(commandLine);
  const only = parsed.segments.length === 1 ? parsed.segments[0] : undefined;
  if (!only || programOf(only.text) !== 'powershell') return undefined;
  return only.text.replace(/^\s*("[^"]*"|\S+)\s*/, '');
}
