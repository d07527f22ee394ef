/**
 * Extension points of a simulated host for software installed on it (the Qlik Sense site model): a check the
 * SCM runs after a service's logon succeeded and before it reports Running (the service process itself refusing
 * to come up), and programs the host can launch besides cmd's. Keyed by the HostState object, so two sites in
 * one process never see each other's hooks.
 */
import type { BufferedProcess, ProcessContext } from '../process.ts';
import type { Actor } from './services.ts';
import type { HostState, Service } from './state.ts';

/** Throws a WindowsError when the service's process would exit instead of running. */
export type StartGuard = (state: HostState, service: Service, actor: Actor) => void;
/** Observes a completed state change (after the SCM recorded it). */
export type StopObserver = (state: HostState, service: Service, actor: Actor) => void;
/** A process for a command line this program owns, or undefined when the line is not its. */
export type ProgramLauncher = (commandLine: string, ctx: ProcessContext) => BufferedProcess | undefined;

interface Hooks {
  startGuards: StartGuard[];
  stopObservers: StopObserver[];
  programs: ProgramLauncher[];
}

const HOOKS = new WeakMap<HostState, Hooks>();

function hooksOf(state: HostState): Hooks {
  let h = HOOKS.get(state);
  if (!h) HOOKS.set(state, (h = { startGuards: [], stopObservers: [], programs: [] }));
  return h;
}

export function addStartGuard(state: HostState, g: StartGuard): void {
  hooksOf(state).startGuards.push(g);
}

export function addStopObserver(state: HostState, o: StopObserver): void {
  hooksOf(state).stopObservers.push(o);
}

export function addProgram(state: HostState, p: ProgramLauncher): void {
  hooksOf(state).programs.push(p);
}

export function runStartGuards(state: HostState, service: Service, actor: Actor): void {
  for (const g of HOOKS.get(state)?.startGuards ?? []) g(state, service, actor);
}

export function notifyStopped(state: HostState, service: Service, actor: Actor): void {
  for (const o of HOOKS.get(state)?.stopObservers ?? []) o(state, service, actor);
}

export function launchProgram(state: HostState, commandLine: string, ctx: ProcessContext): BufferedProcess | undefined {
  for (const p of HOOKS.get(state)?.programs ?? []) {
    const proc = p(commandLine, ctx);
    if (proc) return proc;
  }
  return undefined;
}
