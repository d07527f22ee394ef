/**
 * include_tasks (dynamic): the include's `when` is decided per host; the hosts where it holds get an `included`
 * result (counted ok, as Ansible does) and run the file's tasks in lockstep. meta: flush_handlers, noop, end_play,
 * end_host, clear_host_errors.
 */
import { resolve } from 'node:path';
import type { IncludeDef, MetaDef } from '../playbook/types.ts';
import type { NodeScope } from './linear-strategy.ts';
import { runNodes } from './linear-strategy.ts';
import type { HostState, RunContext } from './run-context.ts';
import { runHandlers } from './run-handlers.ts';
import { buildHostvars, varsFor } from './task-vars.ts';
import { plainText, stringifyFloats } from '../template/index.ts';
import { loopList } from './task-loop.ts';
import { itemLabel } from './item-label.ts';
import { mapIncluded, type TaskDef, type TaskNode } from '../playbook/types.ts';

/** A stand-in task so include and meta entries get the same events and variables as tasks. */
function asTask(node: IncludeDef | MetaDef, module: string): TaskDef {
  return {
    id: node.id, name: node.name, module, moduleAs: module, args: {}, when: node.when, notify: [], ignoreErrors: false,
    vars: node.kind === 'include' ? node.vars : {}, noLog: false, pos: node.pos, argPos: {},
    ...(node.kind === 'include' && node.params ? { params: node.params } : {}),
  };
}

/**
 * Hosts where every `when` holds; the others get a skipped result. A condition that cannot be evaluated fails the host.
 * `chosen` runs after the results and before the task ends (where Ansible's strategy reports an included file).
 */
function decide(ctx: RunContext, s: NodeScope, task: TaskDef, hosts: HostState[], then?: (chosen: HostState[]) => void): HostState[] {
  const scope = { play: s.play, task, handler: false, playHosts: s.batch.filter((h) => h.phase === 'active').map((h) => h.name), hostvars: buildHostvars(ctx), rescuable: s.rescuable };
  ctx.emit({ type: 'task.start', name: task.name, taskId: task.id, module: task.module, handler: false, hosts: hosts.map((h) => h.name), pos: task.pos });
  const chosen: HostState[] = [];
  for (const h of hosts) {
    let status: 'ok' | 'skipped' | 'failed' = 'ok';
    let msg: string | undefined;
    try {
      const vars = varsFor(ctx, scope, h);
      if (task.when.some((c) => !ctx.deps.evaluateCondition(c, vars, { task: task.name, pos: task.pos }))) status = 'skipped';
    } catch (e) {
      status = 'failed';
      msg = e instanceof Error ? e.message : String(e);
    }
    const result = status === 'skipped' ? { changed: false, skipped: true } : status === 'failed' ? { changed: false, failed: true, msg } : { changed: false };
    ctx.emit({ type: 'host.result', host: h.name, task: task.name, taskId: task.id, module: task.module, handler: false, status, result, durationMs: 0 });
    // ansible-playbook counts an include_tasks ok, an include_role (or meta) only when skipped or failed.
    if (task.module === 'include_tasks' || status !== 'ok') recordStat(ctx, s, h, status);
    if (status === 'ok') chosen.push(h);
  }
  if (chosen.length) then?.(chosen);
  ctx.emit({ type: 'task.end', name: task.name });
  return chosen;
}

/**
 * An item label as the default callback's `if label:` tests it: the loop variable's value (include_tasks has no
 * loop_control label), so a false Python value (0, '', false, [], {}, null) gives none.
 */
function includeLabel(item: unknown): string | undefined {
  const v = item instanceof String || item instanceof Number ? item.valueOf() : item;
  if (v === 0 || v === '' || v === false || v === null || v === undefined) return undefined;
  if (Array.isArray(v) && v.length === 0) return undefined;
  if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return undefined;
  return itemLabel(item);
}

function recordStat(ctx: RunContext, s: NodeScope, h: HostState, status: 'ok' | 'skipped' | 'failed'): void {
  if (status === 'failed' && s.rescuable) ctx.stats.recordRescued(h.name);
  else ctx.stats.record(h.name, status, false);
  if (status === 'failed') h.phase = 'failed';
}

export async function runInclude(ctx: RunContext, s: NodeScope, inc: IncludeDef, hosts: HostState[]): Promise<void> {
  if (inc.loop !== undefined) {
    for (const g of loopGroups(ctx, s, inc, hosts)) await runNodes(ctx, s, withVars(itemTasks(inc, g.item), { [inc.loopVar ?? 'item']: g.item }), g.hosts);
    return;
  }
  let tasks: TaskNode[] = [];
  let failure: string | undefined;
  const chosen = decide(ctx, s, asTask(inc, inc.action ?? 'include_tasks'), hosts, (hs) => {
    try {
      tasks = tasksOf(inc);
      // include_tasks' `included: FILE for HOSTS` (v2_playbook_on_include, sent once the file loaded); include_role has none.
      if (!inc.action) ctx.emit({ type: 'include', file: resolve(inc.file), hosts: hs.map((h) => h.name) });
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    }
  });
  if (!chosen.length) return;
  if (failure !== undefined) {
    // A recursion past the depth limit: the hosts that would go one level deeper fail at the include.
    for (const h of chosen) {
      ctx.emit({ type: 'host.result', host: h.name, task: inc.name, taskId: inc.id, module: 'include_tasks', handler: false, status: 'failed', result: { changed: false, failed: true, msg: failure }, durationMs: 0 });
      recordStat(ctx, s, h, 'failed');
    }
    return;
  }
  await runNodes(ctx, s, tasks, chosen);
}

/**
 * The tasks one loop item includes: with with_first_found, those of the file the lookup found (read at load,
 * playbook/include-first-found.ts); a file the loader could not read fails the host that picked it.
 */
function itemTasks(inc: IncludeDef, item: unknown): TaskNode[] {
  if (!inc.firstFound) return tasksOf(inc);
  const chosen = inc.firstFound.get(String(item));
  if (chosen === undefined) throw new Error(`first_found chose '${String(item)}', which was not there when the playbook loaded (winbook reads included task files at load)`);
  if ('error' in chosen) throw new Error(chosen.error);
  return chosen;
}

/** The include's tasks; a recursive include loads its next level now (playbook/includes.ts). */
function tasksOf(inc: IncludeDef): TaskNode[] {
  return inc.expand ? inc.expand() : inc.tasks;
}

/** The included tasks with the loop variable under their own vars, ranked as the include's parameters are. */
function withVars(nodes: TaskNode[], extra: Record<string, unknown>): TaskNode[] {
  return nodes.map((n): TaskNode => {
    if (n.kind === 'block') return { ...n, block: withVars(n.block, extra), rescue: withVars(n.rescue, extra), always: withVars(n.always, extra) };
    if (n.kind === 'include') {
      const expand = n.expand;
      return { ...mapIncluded(n, (t) => withVars(t, extra)), vars: { ...extra, ...n.vars }, params: { ...extra, ...n.params }, ...(expand ? { expand: () => withVars(expand(), extra) } : {}) };
    }
    if (n.kind === 'meta') return n;
    return { ...n, vars: { ...extra, ...n.vars }, params: { ...extra, ...n.params } };
  });
}

/**
 * A looped include_tasks (Ansible's IncludedFile grouping): each host renders the loop and keeps the items whose
 * `when` holds (decided per item); hosts with an equal item run the file's tasks together, the groups one after
 * another in the order they first appear, host by host and item by item.
 */
function loopGroups(ctx: RunContext, s: NodeScope, inc: IncludeDef, hosts: HostState[]): { item: unknown; hosts: HostState[] }[] {
  const task = asTask(inc, 'include_tasks');
  const loopVar = inc.loopVar ?? 'item';
  const scope = { play: s.play, task, handler: false, playHosts: s.batch.filter((h) => h.phase === 'active').map((h) => h.name), hostvars: buildHostvars(ctx), rescuable: s.rescuable };
  ctx.emit({ type: 'task.start', name: task.name, taskId: task.id, module: task.module, handler: false, hosts: hosts.map((h) => h.name), pos: task.pos });
  const groups: { key: string; item: unknown; hosts: HostState[] }[] = [];
  for (const h of hosts) {
    let status: 'ok' | 'skipped' | 'failed' = 'ok';
    let msg: string | undefined;
    const kept: unknown[] = [];
    const skippedItems: unknown[] = [];
    try {
      const vars = varsFor(ctx, scope, h);
      const list = inc.firstFound
        ? loopList(ctx, { ...task, loop: inc.loop, loopWith: { lookup: 'first_found', subdir: 'files' } }, vars)
        : plainText(ctx.deps.renderValue(inc.loop, vars, { task: task.name, pos: task.pos }));
      if (!Array.isArray(list)) throw new Error(`Invalid data passed to 'loop', it requires a list, got this instead: ${JSON.stringify(list)}`);
      for (const item of inc.firstFound ? list : []) itemTasks(inc, item);
      for (const item of list) {
        const itemVars = { ...vars, [loopVar]: item };
        if (task.when.every((c) => ctx.deps.evaluateCondition(c, itemVars, { task: task.name, pos: task.pos }))) kept.push(item);
        else skippedItems.push(item);
      }
      if (kept.length === 0) status = 'skipped';
    } catch (e) {
      status = 'failed';
      msg = e instanceof Error ? e.message : String(e);
    }
    // Each item whose `when` is false is a skipped item result (`skipping: [host] => (item=x)`), before the include's.
    if (status !== 'failed') {
      for (const item of skippedItems) {
        const itemResult = { changed: false, skipped: true, skip_reason: 'Conditional result was False', [loopVar]: item, ansible_loop_var: loopVar };
        ctx.emit({ type: 'host.result', host: h.name, task: task.name, taskId: task.id, module: task.module, handler: false, status: 'skipped', item: itemLabel(item), result: itemResult, durationMs: 0 });
      }
    }
    const result = status === 'skipped' ? { changed: false, skipped: true } : status === 'failed' ? { changed: false, failed: true, msg } : { changed: false };
    ctx.emit({ type: 'host.result', host: h.name, task: task.name, taskId: task.id, module: task.module, handler: false, status, result, durationMs: 0 });
    // ansible-playbook counts a looped include once per item it includes (ok), or once skipped when none is.
    if (status === 'ok') for (let i = 0; i < kept.length; i++) recordStat(ctx, s, h, 'ok');
    else recordStat(ctx, s, h, status);
    for (const item of kept) {
      const key = stringifyFloats(item);
      const g = groups.find((x) => x.key === key);
      if (g) g.hosts.push(h);
      else groups.push({ key, item, hosts: [h] });
    }
  }
  // One `included:` line per file and item, hosts with an equal item together, in the order they first appear.
  for (const g of groups) {
    const label = includeLabel(g.item);
    ctx.emit({ type: 'include', file: resolve(inc.firstFound ? String(g.item) : inc.file), hosts: g.hosts.map((h) => h.name), ...(label === undefined ? {} : { item: label }) });
  }
  ctx.emit({ type: 'task.end', name: task.name });
  return groups;
}

export async function runMeta(ctx: RunContext, s: NodeScope, meta: MetaDef, hosts: HostState[]): Promise<void> {
  if (meta.action === 'noop') return;
  if (meta.action === 'flush_handlers') {
    await runHandlers(ctx, s.play, s.batch);
    return;
  }
  if (meta.action === 'clear_host_errors') {
    for (const h of s.batch) if (h.phase === 'failed') h.phase = 'active';
    return;
  }
  const chosen = meta.when.length ? decide(ctx, s, asTask(meta, 'meta'), hosts) : hosts;
  if (meta.action === 'end_host') for (const h of chosen) h.phase = 'ended';
  if (meta.action === 'end_play' && chosen.length) for (const h of s.batch) if (h.phase === 'active') h.phase = 'ended';
}
