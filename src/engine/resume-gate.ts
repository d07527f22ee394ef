/**
 * --resume (EngineOptions.resume): a host with a resume point skips every task before it — earlier plays and the
 * tasks before it in its play — and, on entering that play, gets its registered values, facts (each at its level:
 * gathered, include_vars, set_fact) and its pending handler
 * notifications back, so a restart notified before a failure (or a kill -9) still runs, once, at the end of the
 * play. Hosts without a resume point run everything. The linear strategy asks `admits` before each task.
 */
import type { PlayDef, TaskDef } from '../playbook/types.ts';
import type { HostState, RunContext } from './run-context.ts';

export interface ResumePoint {
  /** Index of the play in the playbook. */
  play: number;
  /** Task id (`file:line:col`) to start at; absent: skip the play's tasks, run its pending handlers only. */
  task?: string;
  /** Registered values and set_fact / module facts to restore (as journaled: secrets redacted). */
  facts: Record<string, unknown>;
  /** Facts setup gathered (Gathering Facts included): back in the fact cache, below play vars. */
  gathered?: Record<string, unknown>;
  /** What include_vars loaded, as written: back at the include_vars level, templated when used. */
  includeVars?: Record<string, unknown>;
  /** Handler names notified and not yet run. */
  pending: string[];
}

interface GateState {
  point: ResumePoint;
  restored: boolean;
  reached: boolean;
}

const gates = new WeakMap<RunContext, Map<string, GateState>>();

function stateOf(ctx: RunContext, host: string): GateState | undefined {
  const resume = ctx.opts.resume;
  if (!resume) return undefined;
  let m = gates.get(ctx);
  if (!m) {
    m = new Map(Object.entries(resume).map(([h, point]) => [h, { point, restored: false, reached: false }]));
    gates.set(ctx, m);
  }
  return m.get(host);
}

/** True when the host runs this task; restores the host's state the first time its resume play is reached. */
export function admits(ctx: RunContext, play: PlayDef, task: TaskDef, host: HostState): boolean {
  const g = stateOf(ctx, host.name);
  if (!g || g.reached) return true;
  const index = ctx.pb.plays.indexOf(play);
  if (index < g.point.play) return false;
  if (!g.restored) restore(g, host);
  if (index > g.point.play || idOf(task) === g.point.task) g.reached = true;
  return g.reached;
}

function restore(g: GateState, host: HostState): void {
  g.restored = true;
  Object.assign(host.facts, g.point.facts);
  // Each at the level it came from, as the run that journaled them had them (task-vars.ts).
  if (g.point.gathered) Object.assign((host.gathered ??= {}), g.point.gathered);
  if (g.point.includeVars) Object.assign((host.includeVars ??= {}), g.point.includeVars);
  for (const h of g.point.pending) host.notified.add(h);
}

function idOf(task: TaskDef): string {
  const id = (task as { id?: unknown }).id;
  return typeof id === 'string' && id ? id : `${task.pos.file}:${task.pos.line}:${task.pos.col}`;
}
