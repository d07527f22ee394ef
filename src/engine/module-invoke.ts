/** Runs one module on one host the way its kind says: on the controller, in the remote shell, or in the agent. */
import { checkModeSkip } from '../modules/check-mode.ts';
import type { ModuleDef, ModuleResult, RemoteHost } from '../modules/types.ts';
import type { HostState } from './run-context.ts';
import { parseClixmlAsAnsible } from '../modules/raw/ansible-clixml.ts';
import { PY_LINE_BREAK, rawSshCommandLine, rawWinrmCommandLine } from '../modules/raw/winrm-command.ts';

export interface InvokeContext {
  host: HostState;
  check: boolean;
  diff: boolean;
  vars: Record<string, unknown>;
  /** The task's `environment:`, for agent modules only. */
  environment?: Record<string, string>;
  /** The run's interrupt: a running `raw` command gets ctrl_c, then terminate (agents are interrupted by interrupt-hosts.ts). */
  signal?: AbortSignal;
  /** What the loader read for the task (include_vars), for controller modules. */
  preloaded?: unknown;
  /** The run's vault, for a controller-side step reading an encrypted file. */
  decryptFile?: (text: string, file: string) => Buffer;
  /** The task's search path (Task.get_search_path), for a controller-side step finding a relative `src`. */
  searchPath?: string[];
  /** How many -v the run was given, for debug's `verbosity`. */
  verbosity?: number;
  /** A warning about the task, printed once per task. */
  warn?: (message: string) => void;
  /** The task's `ignore_errors`, which an action plugin may read (win_reboot). */
  ignoreErrors?: boolean;
  /** The module's name as the task wrote it (`ansible.windows.win_command`), which Ansible.Basic's check-mode skip names. */
  moduleAs?: string;
}

export async function invokeModule(def: ModuleDef, args: unknown, ctx: InvokeContext): Promise<ModuleResult> {
  if (def.kind === 'raw') return ctx.check ? { skipped: true, changed: false } : runRaw(args, ctx);
  if (ctx.check && !def.supportsCheck) {
    // Ansible sends such a module to the host, where it answers that it skips: the host must be reachable.
    await ctx.host.conn.getAgent(ctx.vars);
    return checkModeSkip(def, ctx.moduleAs);
  }
  if (def.kind === 'controller') {
    if (!def.run) throw new Error(`controller module ${def.name} has no run()`);
    return def.run(args, {
      host: ctx.host.name, check: ctx.check, diff: ctx.diff, vars: ctx.vars, remote: remoteOf(ctx),
      ...(ctx.signal ? { signal: ctx.signal } : {}), ...(ctx.preloaded === undefined ? {} : { preloaded: ctx.preloaded }),
      ...(ctx.verbosity ? { verbosity: ctx.verbosity } : {}), ...(ctx.warn ? { warn: ctx.warn } : {}),
      task: { action: ctx.moduleAs ?? def.name, ignoreErrors: ctx.ignoreErrors ?? false },
    });
  }
  // A controller-side step first (win_copy reads src, win_template renders): a bad src fails before connecting.
  const prepared = def.prepare
    ? await def.prepare(args, {
      host: ctx.host.name, check: ctx.check, diff: ctx.diff, vars: ctx.vars,
      ...(ctx.decryptFile ? { decryptFile: ctx.decryptFile } : {}), ...(ctx.searchPath ? { searchPath: ctx.searchPath } : {}),
    })
    : { args };
  if ('result' in prepared) return prepared.result;
  const agent = await ctx.host.conn.getAgent(ctx.vars);
  const env = ctx.environment ? { environment: ctx.environment } : {};
  const more = { ...(prepared.upload ? { upload: prepared.upload } : {}), ...(prepared.followUp ? { followUp: prepared.followUp } : {}) };
  const result = await agent.invoke(def, prepared.args, { check: ctx.check, diff: ctx.diff, ...env, ...more });
  if (!def.followThrough?.applies(prepared.args)) return result;
  return def.followThrough.run(result, prepared.args, {
    host: ctx.host.name, check: ctx.check, diff: ctx.diff, vars: ctx.vars, remote: remoteOf(ctx), ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}

/**
 * ansible.builtin.raw as ansible-core 2.14's action runs it (plugins/action/raw.py, ActionBase._low_level_execute_command):
 * always changed, failed with 'non-zero return code' when rc is not 0. On a Windows host both connections run the
 * text as PowerShell -EncodedCommand (winrm.py and ssh.py exec_command); WinRM decodes a CLIXML stderr its own way,
 * SSH returns it as written. `executable` is ignored: neither connection allows one for a Windows shell
 * (allow_executable False).
 */
async function runRaw(args: unknown, ctx: InvokeContext): Promise<ModuleResult> {
  const cmd = String((args as { _raw_params?: unknown })._raw_params ?? '');
  const transport = await ctx.host.conn.getTransport(ctx.vars);
  const shell = transport.rawShell;
  const line = shell === 'powershell' ? rawWinrmCommandLine(cmd) : shell === undefined ? cmd : rawSshCommandLine(cmd, shell === 'ssh-cmd' ? 'cmd' : 'powershell');
  const r = await transport.exec(line, { signal: ctx.signal, ...(shell === 'powershell' ? { keepClixml: true } : {}) });
  const stderr = shell === 'powershell' ? parseClixmlAsAnsible(r.stderr) : r.stderr;
  return {
    changed: true,
    rc: r.rc,
    stdout: r.stdout,
    stderr,
    stdout_lines: splitLines(r.stdout),
    stderr_lines: splitLines(stderr),
    failed: r.rc !== 0,
    // raw.py sets msg only on failure: a registered success has no msg key.
    ...(r.rc !== 0 ? { msg: 'non-zero return code' } : {}),
  };
}

/** Python's str.splitlines(), which _low_level_execute_command gives as stdout_lines and stderr_lines. */
function splitLines(s: string): string[] {
  const lines = s.split(PY_LINE_BREAK);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The host's connection as a controller module drives it (win_reboot: command, wait, reconnect). */
function remoteOf(ctx: InvokeContext): RemoteHost {
  return {
    invoke: async (def, args, opts) => (await ctx.host.conn.getAgent(ctx.vars)).invoke(def, args, opts),
    exec: async (command) => (await ctx.host.conn.getTransport(ctx.vars)).exec(command),
    reconnect: () => ctx.host.conn.reset(),
  };
}
