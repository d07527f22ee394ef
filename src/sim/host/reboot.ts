/**
 * A simulated host's restart: shutdown.exe schedules it; when it begins, the machine goes away (its site stops
 * answering and drops shells and connections), every service stops, and after a moment it boots: services start
 * per their start mode (auto and delayed, with what they depend on; manual ones only as dependencies), the agent's
 * process environment is gone and the boot count (the boot time the controller compares) moves on. The site
 * attaches the listener side with attachReboot; a host outside a site cannot reboot.
 */
import type { Actor } from './services.ts';
import { startService } from './services.ts';
import type { HostState } from './state.ts';
import { WindowsError } from './windows-error.ts';
import { clearRebootPending } from '../windows/features.ts';
import { clearUpdateRebootRequired } from '../windows/updates.ts';

export interface RebootSwitch {
  /** The machine is away: refuse connections, drop shells. */
  down(): void;
  /** The machine is back: accept connections again. */
  up(): void;
  /** How long the machine is away. */
  downMs: number;
}

const SWITCHES = new WeakMap<HostState, RebootSwitch>();
/** The shutdown scheduled and not yet begun (shutdown.exe /r /t N), per host: Windows keeps one at a time. */
const PENDING = new WeakMap<HostState, { timer: ReturnType<typeof setTimeout>; account: string }>();

/** shutdown.exe's exit codes and words for a second schedule and for an abort with nothing scheduled. */
export const SHUTDOWN_SCHEDULED = 1190;
export const NO_SHUTDOWN_IN_PROGRESS = 1116;
/** shutdown.exe /t 0 still answers before WinRM stops; the simulator keeps that moment. */
const MIN_DELAY_MS = 300;
/** Simulated boot time of boot 0 (FILETIME of 2026-01-01), advanced a minute per boot. */
const FIRST_BOOT = 134116992000000000n;
const FILETIME_MINUTE = 600000000n;

export function attachReboot(state: HostState, sw: RebootSwitch): void {
  SWITCHES.set(state, sw);
}

/** Win32_OperatingSystem.LastBootUpTime as FILETIME text. */
export function bootTime(state: HostState): string {
  return String(FIRST_BOOT + BigInt(state.boots ?? 0) * FILETIME_MINUTE);
}

function log(state: HostState, actor: Actor, what: string, detail: Record<string, unknown>): void {
  actor.log.append({ host: state.hostname, account: actor.account, what, target: state.hostname, detail });
}

/** Everything stops at shutdown (no dependency order needed: nothing is left to object). */
function shutdown(state: HostState, actor: Actor): void {
  const running = state.services.filter((s) => s.state !== 'stopped').map((s) => s.name);
  for (const s of state.services) s.state = 'stopped';
  state.process_env = undefined;
  log(state, actor, 'host.shutdown', { stopped: running });
}

/** Boot: automatic services first, then delayed ones, as the SCM does; failures go to the log, not to anyone. */
export function boot(state: HostState, actor: Actor): void {
  state.boots = (state.boots ?? 0) + 1;
  const system: Actor = { account: 'NT AUTHORITY\\SYSTEM', log: actor.log };
  // Feature changes that waited for this restart are done (their InstallPending reads Installed from the boot count).
  clearRebootPending(state, system);
  // So are installed updates that asked for one (Microsoft.Update.SystemInfo.RebootRequired reads false again).
  clearUpdateRebootRequired(state);
  const failed: Array<{ name: string; error: string }> = [];
  for (const mode of ['auto', 'delayed'] as const) {
    for (const s of state.services.filter((x) => x.start_mode === mode)) {
      try {
        startService(state, s.name, system);
      } catch (e) {
        failed.push({ name: s.name, error: e instanceof WindowsError ? e.message : String(e) });
      }
    }
  }
  const started = state.services.filter((s) => s.state === 'running').map((s) => s.name);
  log(state, actor, 'host.reboot', { boot: state.boots, started, ...(failed.length ? { failed } : {}) });
}

/** Whether a shutdown is scheduled and has not begun. */
export function rebootPending(state: HostState): boolean {
  return PENDING.has(state);
}

/**
 * shutdown.exe /r /t delay: false when this host cannot reboot (not attached to a listener). A second schedule while
 * one is pending is refused as Windows refuses it: WindowsError 1190.
 */
export function scheduleReboot(state: HostState, delaySeconds: number, actor: Actor): boolean {
  const sw = SWITCHES.get(state);
  if (!sw) return false;
  if (PENDING.has(state)) throw new WindowsError(SHUTDOWN_SCHEDULED, 'A system shutdown has already been scheduled.');
  log(state, actor, 'host.reboot.scheduled', { delay_seconds: delaySeconds });
  const timer = setTimeout(() => {
    PENDING.delete(state);
    sw.down();
    shutdown(state, actor);
    setTimeout(() => {
      boot(state, actor);
      sw.up();
    }, sw.downMs).unref();
  }, Math.max(MIN_DELAY_MS, delaySeconds * 1000));
  timer.unref();
  PENDING.set(state, { timer, account: actor.account });
  return true;
}

/** shutdown.exe /a: cancels the pending shutdown; false when none was pending (exit code 1116). */
export function abortReboot(state: HostState, actor: Actor): boolean {
  const p = PENDING.get(state);
  if (!p) return false;
  clearTimeout(p.timer);
  PENDING.delete(state);
  log(state, actor, 'host.reboot.aborted', { scheduled_by: p.account });
  return true;
}
