/**
 * The run journal's records (`.winbook/runs/<id>/journal.jsonl`, one JSON object per line, fsynced). A reader
 * rebuilds from them where every host stood: its last task, its registered values and its pending handlers.
 */
import type { HostStats, HostStatus } from '../engine/events.ts';
import type { ResumePoint } from '../engine/resume-gate.ts';
import type { ModuleResult } from '../modules/types.ts';

/** Where a host continues in a --resume run (the engine's type: EngineOptions.resume). */
export type { ResumePoint };

export interface PlanTask {
  id: string;
  /** `file:line:col` of the task (the id, unless the loader gives ids of its own). */
  at: string;
  name: string;
  module: string;
  register?: string;
  notify: string[];
}

export interface PlanPlay {
  name: string;
  hosts: string;
  tasks: PlanTask[];
  handlers: (PlanTask & { listen: string[] })[];
}

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'killed';

export type JournalRecord =
  | {
      t: 'run';
      id: string;
      playbook: string;
      cwd: string;
      argv: string[];
      limit?: string;
      check: boolean;
      at: number;
      /** Set on a --resume run: the run it continues and each host's starting point. */
      resumeOf?: string;
      resume?: Record<string, ResumePoint>;
    }
  | { t: 'plan'; plays: PlanPlay[] }
  | { t: 'play'; index: number; name: string; hosts: string[]; at: number }
  | { t: 'task'; id: string; name: string; handler: boolean; hosts: string[]; at: number }
  | {
      t: 'result';
      host: string;
      task: string;
      name: string;
      handler: boolean;
      status: HostStatus;
      /** Redacted by the engine's single redaction point before it reaches the journal. */
      result: ModuleResult;
      /** The module that ran: where its `ansible_facts` go back on --resume (setup: gathered facts, include_vars). */
      module?: string;
      register?: string;
      item?: string;
      durationMs: number;
      at: number;
    }
  | { t: 'pending'; host: string; handlers: string[]; at: number }
  | { t: 'warning'; host?: string; message: string; at: number }
  | {
      t: 'end';
      status: Exclude<RunStatus, 'running'>;
      exitCode: number;
      stats: Record<string, HostStats>;
      durationMs: number;
      at: number;
      /** On a second `end` record (the last one counts): why the exit code changed after the run. */
      message?: string;
    };
