/**
 * Where every host of a journaled run stands: done, failed or unreachable at a task, or cut short (interrupted,
 * killed) — and, for those, the ResumePoint a --resume run starts it at, with its registered values and
 * pending handler notifications.
 */
import type { HostStatus } from '../engine/events.ts';
import type { JournalRecord, PlanPlay, ResumePoint, RunStatus } from './types.ts';

export type HostEnd = 'ok' | 'failed' | 'unreachable' | 'incomplete';

export interface HostOutcome {
  host: string;
  end: HostEnd;
  /** The task the host failed at, or was at when the run stopped. */
  at?: { id: string; name: string };
  message?: string;
  /** Absent when the host has nothing left to do (or never started: it then runs from the beginning). */
  resume?: ResumePoint;
}

export interface RunView {
  id: string;
  playbook: string;
  status: RunStatus;
  startedAt: number;
  exitCode?: number;
  limit?: string;
  hosts: HostOutcome[];
}

interface HostTrack {
  facts: Record<string, unknown>;
  gathered: Record<string, unknown>;
  includeVars: Record<string, unknown>;
  pending: string[];
  start?: { play: number; id: string; name: string };
  done: Set<string>;
  failed?: { play: number; id: string; name: string; handler: boolean; status: HostStatus; message: string };
  header?: ResumePoint;
}

export function viewRun(records: JournalRecord[]): RunView | undefined {
  const run = records.find((r) => r.t === 'run');
  if (!run || run.t !== 'run') return undefined;
  const plan = (records.find((r) => r.t === 'plan') as Extract<JournalRecord, { t: 'plan' }> | undefined)?.plays ?? [];
  const end = records.findLast((r) => r.t === 'end') as Extract<JournalRecord, { t: 'end' }> | undefined;
  const tracks = replay(records, run.resume ?? {});
  const status: RunStatus = end?.status ?? 'running';
  return {
    id: run.id,
    playbook: run.playbook,
    status,
    startedAt: run.at,
    ...(end ? { exitCode: end.exitCode } : {}),
    ...(run.limit ? { limit: run.limit } : {}),
    hosts: [...tracks].map(([host, t]) => outcomeOf(host, t, plan, status)),
  };
}

function replay(records: JournalRecord[], resume: Record<string, ResumePoint>): Map<string, HostTrack> {
  const tracks = new Map<string, HostTrack>();
  const track = (h: string): HostTrack => {
    let t = tracks.get(h);
    if (!t) {
      const r = resume[h];
      t = { facts: { ...(r?.facts ?? {}) }, gathered: { ...(r?.gathered ?? {}) }, includeVars: { ...(r?.includeVars ?? {}) }, pending: [...(r?.pending ?? [])], done: new Set(), ...(r ? { header: r } : {}) };
      tracks.set(h, t);
    }
    return t;
  };
  let play = -1;
  for (const r of records) {
    if (r.t === 'play') {
      play = r.index;
      r.hosts.forEach(track);
    } else if (r.t === 'task' && !r.handler) {
      for (const h of r.hosts) track(h).start = { play, id: r.id, name: r.name };
    } else if (r.t === 'pending') {
      track(r.host).pending = r.handlers;
    } else if (r.t === 'result' && r.item === undefined) {
      applyResult(track(r.host), r, play);
    }
  }
  return tracks;
}

function applyResult(t: HostTrack, r: Extract<JournalRecord, { t: 'result' }>, play: number): void {
  if (!r.handler) t.done.add(r.task);
  if (r.register) t.facts[r.register] = r.result;
  const facts = r.result.ansible_facts;
  // The level each module's facts live at in the engine (task-executor.ts mergeFacts); a journal written before
  // results named their module puts them all at the set_fact level.
  const level = r.module === 'setup' ? t.gathered : r.module === 'include_vars' ? t.includeVars : t.facts;
  if (facts && typeof facts === 'object' && !Array.isArray(facts) && !r.result.failed) Object.assign(level, facts);
  if (r.status === 'failed' || r.status === 'unreachable') {
    const message = typeof r.result.msg === 'string' ? r.result.msg : '';
    t.failed = { play, id: r.task, name: r.name, handler: r.handler, status: r.status, message };
  } else {
    // The host went on after a failure: a block's rescue caught it.
    delete t.failed;
  }
}

function outcomeOf(host: string, t: HostTrack, plan: PlanPlay[], status: RunStatus): HostOutcome {
  const carry = {
    facts: t.facts,
    ...(Object.keys(t.gathered).length ? { gathered: t.gathered } : {}),
    ...(Object.keys(t.includeVars).length ? { includeVars: t.includeVars } : {}),
    pending: t.pending,
  };
  if (t.failed) {
    const f = t.failed;
    // A failed handler: skip the play's tasks and run its pending handlers again.
    const resume: ResumePoint = f.handler ? { play: f.play, ...carry } : { play: f.play, task: f.id, ...carry };
    return { host, end: f.status === 'unreachable' ? 'unreachable' : 'failed', at: { id: f.id, name: f.name }, message: f.message, resume };
  }
  if (status === 'completed') return { host, end: 'ok' };
  const s = t.start;
  if (!s) return t.header ? { host, end: 'incomplete', resume: { ...t.header, ...carry } } : { host, end: 'incomplete' };
  if (!t.done.has(s.id)) return { host, end: 'incomplete', at: { id: s.id, name: s.name }, resume: { play: s.play, task: s.id, ...carry } };
  const next = nextPoint(plan, s.play, s.id, t.pending.length > 0);
  return next ? { host, end: 'incomplete', resume: { ...next, ...carry } } : { host, end: 'ok' };
}

/** After the last task a host finished: the next task of its play, its handlers, or the next play. */
function nextPoint(plan: PlanPlay[], play: number, id: string, pending: boolean): Omit<ResumePoint, 'facts' | 'gathered' | 'includeVars' | 'pending'> | undefined {
  const tasks = plan[play]?.tasks ?? [];
  const i = tasks.findIndex((x) => x.id === id);
  const next = i >= 0 ? tasks[i + 1] : undefined;
  if (next) return { play, task: next.id };
  if (pending) return { play };
  const following = plan[play + 1]?.tasks[0];
  return following ? { play: play + 1, task: following.id } : undefined;
}
