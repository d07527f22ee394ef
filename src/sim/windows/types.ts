/**
 * The simulator's side of the façade (src/hostapi/contract.ts): one handler per verb, working on the host model.
 * Handlers receive the verb's bound parameters as JSON (base64 parameters stay base64 text) and return a JSON value
 * (undefined for 'none'; an array for 'list'). A Windows refusal is a WindowsError with Windows' code and text; the
 * runner turns it into the Win32Exception the Windows implementation would throw.
 */
import type { RehearsalLog } from '../host/rehearsal-log.ts';
import type { HostState } from '../host/state.ts';
import type { StdinPipe } from '../host/stdin-pipe.ts';

export interface VerbContext {
  state: HostState;
  log: RehearsalLog;
  /** The account the agent runs as (the WinRM/SSH user), recorded with every change. */
  account: string;
  /** The calling process's stdin, for the upload verbs; absent in an agent, whose stdin carries its requests. */
  stdin?: StdinPipe;
  /**
   * How the calling process's account logged on: absent or 'network' for the agent (a WinRM or SSH session), 'batch'
   * for a process a scheduled task started (Invoke-WbAsBatchLogon). The Windows Update Agent tells them apart.
   */
  logon?: 'network' | 'batch';
}

export type SimVerb = (ctx: VerbContext, args: Record<string, unknown>) => unknown;
export type SimVerbTable = Record<string, SimVerb>;

/** A parameter as a string, or undefined when absent/null. */
export function str(args: Record<string, unknown>, name: string): string | undefined {
  const v = args[name];
  return v === undefined || v === null ? undefined : String(v);
}

export function reqStr(args: Record<string, unknown>, name: string): string {
  const v = str(args, name);
  if (v === undefined) throw new Error(`façade: missing parameter -${name}`);
  return v;
}

export function strList(args: Record<string, unknown>, name: string): string[] | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  return (Array.isArray(v) ? v : [v]).map(String);
}

export function bool(args: Record<string, unknown>, name: string): boolean | undefined {
  const v = args[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object' && v !== null && 'IsPresent' in v) return Boolean((v as { IsPresent: unknown }).IsPresent);
  return Boolean(v);
}
