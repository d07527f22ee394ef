/**
 * powershell.exe on the simulated host. A script carrying the bootstrap marker runs the agent emulation, one
 * carrying the upload marker the WinRM upload script (upload.ts), one that only names hostname or whoami runs that
 * program (Ansible's `raw`); any other script is refused in PowerShell's CLIXML error form, because the simulator cannot interpret arbitrary
 * PowerShell and will not pretend to.
 */
import { READY_LINE, decodePowerShell } from '../../agent/protocol.ts';
import { type ProcessContext, BufferedProcess } from '../process.ts';
import { type AgentHost, BOOTSTRAP_MARKER } from './agent.ts';
import { clixmlError } from './clixml.ts';
import type { CmdResult } from './cmd-output.ts';
import { parsePowerShellArgs } from './powershell-args.ts';
import { runCmd } from './cmd.ts';
import { UPLOAD_MARKER, UploadProcess, uploadToEnd } from './upload.ts';
import { PwshAgentProcess } from '../runner/agent-process.ts';

const REFUSAL =
  'winbook simulator: this simulated Windows host runs only the winbook agent and `raw` cmd commands; ' +
  'it cannot run this PowerShell script.';

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

/** True when `powershell.exe ARGS` is the WinRM upload script. */
export function isUploadScript(args: string): boolean {
  const inv = parsePowerShellArgs(args);
  return inv.encodedCommand !== undefined && UPLOAD_MARKER.test(decodePowerShell(inv.encodedCommand));
}

/** `powershell.exe ARGS` run to completion with empty stdin (inside a cmd chain). */
export function runPowerShellToEnd(args: string): CmdResult {
  if (agentScript(args) !== undefined) return { stdout: READY_LINE + '\r\n', stderr: '', rc: 0 };
  if (isUploadScript(args)) return uploadToEnd();
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
  if (isUploadScript(args)) return new UploadProcess(ctx, host);
  const program = programOnly(args);
  if (program !== undefined) {
    const env = { state: host.state, user: host.account, actor: { account: host.account, log: host.log }, powershell: runPowerShellToEnd };
    return new FinishedProcess(ctx, runCmd(program, env));
  }
  return new FinishedProcess(ctx, runPowerShellToEnd(args));
}
