/**
 * The plan recorded at the start of a run: every play with its tasks and handlers in order, each with its id,
 * `register` and `notify`, which is what the journal needs to rebuild registered values and pending handlers.
 * Tasks are found by shape (an object with an id, a module and a notify list) so nested blocks and imports
 * are walked whatever their container is called.
 */
import type { PlayDef, Playbook } from '../playbook/types.ts';
import type { PlanPlay, PlanTask } from './types.ts';

type Obj = Record<string, unknown>;

export function planOf(pb: Playbook): PlanPlay[] {
  return pb.plays.map((play) => ({
    name: play.name,
    hosts: play.hosts,
    tasks: collectTasks(withoutHandlers(play)),
    handlers: collectTasks(play.handlers).map((h) => ({ ...h, listen: listenOf(h.id, play) })),
  }));
}

/** `file:line:col`: the id the loader gives a task, rebuilt from its position when an older model has none. */
export function taskId(task: { id?: unknown; pos?: { file: string; line: number; col: number } }): string {
  if (typeof task.id === 'string' && task.id) return task.id;
  return task.pos ? `${task.pos.file}:${task.pos.line}:${task.pos.col}` : '?';
}

function withoutHandlers(play: PlayDef): Obj {
  const { handlers: _handlers, ...rest } = play as unknown as Obj;
  return rest;
}

function collectTasks(root: unknown, out: PlanTask[] = [], seen = new Set<string>()): PlanTask[] {
  if (Array.isArray(root)) {
    for (const x of root) collectTasks(x, out, seen);
    return out;
  }
  if (root === null || typeof root !== 'object') return out;
  const o = root as Obj;
  if (typeof o.module === 'string' && Array.isArray(o.notify) && o.pos) {
    const id = taskId(o as { id?: unknown; pos?: { file: string; line: number; col: number } });
    if (!seen.has(id)) {
      seen.add(id);
      const p = o.pos as { file: string; line: number; col: number };
      out.push({ id, at: `${p.file}:${p.line}:${p.col}`, name: String(o.name), module: o.module, notify: o.notify.map(String), ...(typeof o.register === 'string' ? { register: o.register } : {}) });
    }
    return out;
  }
  for (const [k, v] of Object.entries(o)) if (k !== 'args' && k !== 'vars' && k !== 'argPos') collectTasks(v, out, seen);
  return out;
}

function listenOf(id: string, play: PlayDef): string[] {
  const h = play.handlers.find((x) => taskId(x) === id);
  return h ? [...h.listen] : [];
}

/** The handler names a notification reaches in a play: by name or by `listen` topic (engine/handlers.ts). */
export function handlersNotified(play: PlanPlay, names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) for (const h of play.handlers) if ((h.name === n || h.listen.includes(n)) && !out.includes(h.name)) out.push(h.name);
  return out;
}
