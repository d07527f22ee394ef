/**
 * powershell.exe on the simulated host. The agent bootstrap and the WinRM upload script, recognised by their first
 * lines, run as they are in the pwsh worker (src/sim/runner); any other -EncodedCommand or -Command text is a user's
 * script (Ansible's `raw` over WinRM sends every line so) and runs in a user runspace of the worker
 * (runner/user-script-process.ts), except a bare `hostname` or `whoami`, which runs that program straight away
 * (the same output and exit code, without a runspace: the benchmarks' raw task). -File and `-Command -` (a script
 * read from stdin) are refused in PowerShell's CLIXML error form.
 */
import { READY_LINE, decodePowerShell } from '../../agent/protocol.ts';
import { type ProcessContext, BufferedProcess } from '../process.ts';
import { type AgentHost, BOOTSTRAP_MARKER } from './agent.ts';
import { clixmlError } from './clixml.ts';
import type { CmdResult } from './cmd-output.ts';
import { parsePowerShellArgs } from './powershell-args.ts';
import { runCmd } from './cmd.ts';
import { UPLOAD_MARKER, UPLOAD_SCRIPT } from '../../transport/winrm/upload.ts';
import { PwshAgentProcess } from '../runner/agent-process.ts';
import { PwshUploadProcess } from '../runner/upload-process.ts';
import { PwshUserScriptProcess } from '../runner/user-script-process.ts';

const REFUSAL =
  'winbook simulator: powershell.exe here runs the winbook agent and -EncodedCommand or -Command scripts as their own ' +
  'process; it cannot run a script from -File, from stdin, or inside a cmd.exe chain.';

/** A process whose whole output is known at start: cmd built-ins, sc, net, a refused PowerShell script. */
export class FinishedProcess extends BufferedProcess {
  constructor(ctx: ProcessContext, result: CmdResult) {
    super(ctx);
    if (result.stdout) this.out(result.stdout);
    if (result.stderr) this.err(result.stderr);
    this.exit(result.rc);
  }

  write(): void {
    // Nothing reads stdin: the output is already final.
  }
}

/** The decoded script of `powershell.exe ARGS` when it is the agent bootstrap, else undefined. */
export function agentScript(args: string): string | undefined {
  const inv = parsePowerShellArgs(args);
  if (inv.encodedCommand === undefined) return undefined;
  const script = decodePowerShell(inv.encodedCommand);
  return BOOTSTRAP_MARKER.test(script) ? script : undefined;
}

/** The decoded script of `powershell.exe ARGS` when it carries the upload marker, else undefined. */
export function uploadScript(args: string): string | undefined {
  const inv = parsePowerShellArgs(args);
  if (inv.encodedCommand === undefined) return undefined;
  const script = decodePowerShell(inv.encodedCommand);
  return script.split('\n', 1)[0]?.trimEnd() === UPLOAD_MARKER ? script : undefined;
}

/**
 * The upload script differs from the one this simulator runs (src/transport/winrm/upload.ps1 or the upload verbs
 * changed since one of the two started): running it would put the binding nowhere or in the wrong place.
 */
const UPLOAD_MISMATCH =
  'winbook simulator: the upload script the controller sent differs from the one this simulator was started with (src/transport/winrm/upload.ps1 or src/hostapi/windows/upload.ps1 changed since?): restart the simulator and the run';

/** `powershell.exe ARGS` run to completion with empty stdin (inside a cmd chain). */
export function runPowerShellToEnd(args: string): CmdResult {
  if (agentScript(args) !== undefined) return { stdout: READY_LINE + '\r\n', stderr: '', rc: 0 };
  if (uploadScript(args) !== undefined) {
    return { stdout: '', stderr: clixmlError('winbook simulator: the upload script reads its stdin; run it as its own command, not inside a cmd chain'), rc: 1 };
  }
  return { stdout: '', stderr: clixmlError(REFUSAL), rc: 1 };
}

/**
 * The program a script consists of when it is nothing but the name of one of the simulated host's programs with
 * no arguments (`hostname`, `whoami.exe`): Ansible's `raw` over WinRM sends its command that way, as
 * -EncodedCommand of the bare line. PowerShell runs the program, so the output and exit code are the program's.
 */
function programOnly(args: string): string | undefined {
  const inv = parsePowerShellArgs(args);
  const text = inv.encodedCommand !== undefined ? decodePowerShell(inv.encodedCommand) : inv.command;
  return /^\s*(hostname|whoami)(?:\.exe)?\s*$/i.exec(text ?? '')?.[1]?.toLowerCase();
}

/** Starts `powershell.exe ARGS` as its own process. */
export function startPowerShell(args: string, ctx: ProcessContext, host: AgentHost): BufferedProcess {
  const bootstrap = agentScript(args);
  if (bootstrap !== undefined) return new PwshAgentProcess(ctx, host, bootstrap);
  const upload = uploadScript(args);
  if (upload !== undefined) {
    if (upload !== UPLOAD_SCRIPT) return new FinishedProcess(ctx, { stdout: '', stderr: clixmlError(UPLOAD_MISMATCH), rc: 1 });
    return new PwshUploadProcess(ctx, host, upload);
  }
  const program = programOnly(args);
  if (program !== undefined) {
    const env = { state: host.state, user: host.account, actor: { account: host.account, log: host.log }, powershell: runPowerShellToEnd };
    return new FinishedProcess(ctx, runCmd(program, env));
  }
  const inv = parsePowerShellArgs(args);
  const text = inv.encodedCommand !== undefined ? decodePowerShell(inv.encodedCommand) : inv.command;
  if (text !== undefined && text.trim() !== '-') return new PwshUserScriptProcess(ctx, host, text);
  return new FinishedProcess(ctx, runPowerShellToEnd(args));
}
