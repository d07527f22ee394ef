/**
 * The engine reports everything it does as typed events; it never prints. Reporters (src/report), the journal
 * and tests subscribe. Event order per host is the order things happened.
 */
import type { SourcePos } from '../errors.ts';
import type { ModuleResult } from '../modules/types.ts';

/** Outcome of one task on one host. */
export type HostStatus =
  /** Ran, nothing changed. */
  | 'ok'
  /** Ran and changed something. */
  | 'changed'
  /** Ran and failed; the host stops for the rest of the play. */
  | 'failed'
  /** `when` was false, or the module does not support check mode under --check. */
  | 'skipped'
  /** The host could not be reached or the connection broke; distinct from failed. */
  | 'unreachable'
  /** Failed but `ignore_errors: true`: the host goes on. */
  | 'ignored';

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export type RunEvent =
  | { type: 'run.start'; playbook: string; check: boolean; forks: number; at: number }
  | { type: 'play.start'; name: string; hosts: string[]; pos: SourcePos; at: number }
  | {
      type: 'task.start';
      name: string;
      /** Stable id of the task's definition (`file:line:col`): a journal names the task a host stopped at by it. */
      taskId?: string;
      module: string;
      handler: boolean;
      hosts: string[];
      pos: SourcePos;
      at: number;
    }
  | { type: 'host.start'; host: string; task: string; at: number }
  | {
      type: 'host.result';
      host: string;
      task: string;
      /** Stable id of the task's definition, as in task.start. */
      taskId?: string;
      module: string;
      handler: boolean;
      status: HostStatus;
      /** Redacted result (no_log and secret args already removed). */
      result: ModuleResult;
      /** Loop item label when the task loops (one event per item, then an aggregate without `item`). */
      item?: string;
      durationMs: number;
      at: number;
    }
  | { type: 'task.end'; name: string; at: number }
  /** A loop item waits `loop_control.pause` or an `until` retry waits `delay` before running again. */
  | { type: 'host.retry'; host: string; task: string; taskId: string; attempt: number; retries: number; at: number }
  | { type: 'play.end'; name: string; at: number }
  /** any_errors_fatal or max_fail_percentage stopped the play's hosts (Ansible's v2_playbook_on_no_hosts_remaining). */
  | { type: 'play.break'; at: number }
  /**
   * `[WARNING]: message`. The terminal prints each text once per run, as Display.warning does in ansible-playbook's
   * own process; `perTask` marks one Ansible says from the worker process of one task on one host (a templated
   * conditional), whose Display merges repeats within that task only: the engine sends it once per task and host, and
   * the terminal prints every one. `host` is for the journal: the terminal never shows it.
   */
  | { type: 'warning'; host?: string; message: string; perTask?: true; at: number }
  /**
   * include_tasks included `file` for `hosts` (one event per file and loop item, after the include's results), as
   * Ansible's strategy reports each IncludedFile; `item` is the loop item's label, absent when Python finds it false.
   */
  | { type: 'include'; file: string; hosts: string[]; item?: string; at: number }
  | { type: 'run.end'; stats: Record<string, HostStats>; exitCode: number; durationMs: number; at: number };

export type RunEventListener = (event: RunEvent) => void;

/** Minimal typed emitter: synchronous fan-out, listener errors never break the run. */
export class EventBus {
  private readonly listeners: RunEventListener[] = [];

  on(listener: RunEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  emit(event: RunEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A broken reporter must not break the run.
      }
    }
  }
}

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}
