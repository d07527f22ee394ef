/**
 * --tags / --skip-tags / --start-at-task as Ansible applies them, as a pure function over the model: what is not
 * selected is dropped before the engine sees it. `always` runs unless skipped by name; `never` runs only when one of
 * its tags is asked for; `tagged` / `untagged` / `all` are the special selectors.
 */
import { mapIncluded, type PlayDef, type Playbook, type TaskNode } from './types.ts';

export interface Selection {
  tags?: string[];
  skipTags?: string[];
  startAt?: string;
}

export function tagSelected(taskTags: readonly string[], sel: Selection): boolean {
  const only = sel.tags?.length ? sel.tags : ['all'];
  const skip = sel.skipTags ?? [];
  const has = (t: string): boolean => taskTags.includes(t);
  if (skip.some((s) => has(s) || (s === 'tagged' && taskTags.length > 0) || (s === 'untagged' && taskTags.length === 0))) return false;
  if (has('always') && !skip.includes('always')) return true;
  if (only.some((t) => t !== 'all' && t !== 'tagged' && t !== 'untagged' && t !== 'always' && has(t))) return true;
  if (has('never')) return only.includes('never');
  if (only.includes('all')) return true;
  if (only.includes('tagged')) return taskTags.length > 0;
  if (only.includes('untagged')) return taskTags.length === 0;
  return false;
}

function filterNodes(nodes: TaskNode[], sel: Selection): TaskNode[] {
  const out: TaskNode[] = [];
  for (const n of nodes) {
    if (n.kind === 'block') {
      const b = { ...n, block: filterNodes(n.block, sel), rescue: filterNodes(n.rescue, sel), always: filterNodes(n.always, sel) };
      if (b.block.length || b.rescue.length || b.always.length) out.push(b);
    } else if (n.kind === 'include') {
      if (!tagSelected(n.tags ?? [], sel)) continue;
      const expand = n.expand;
      out.push({ ...mapIncluded(n, (t) => filterNodes(t, sel)), ...(expand ? { expand: () => filterNodes(expand(), sel) } : {}) });
    } else if (n.kind === 'meta') {
      // meta: flush_handlers always runs, as Ansible does it implicitly between sections anyway.
      if (n.action === 'flush_handlers' || tagSelected(n.tags ?? [], sel)) out.push(n);
    } else if (tagSelected(n.tags ?? [], sel)) out.push(n);
  }
  return out;
}

/** Drops every task before the first one named `name` (across plays); undefined when no task has that name. */
function startAt(pb: Playbook, name: string): Playbook | undefined {
  let found = false;
  const cut = (nodes: TaskNode[]): TaskNode[] => {
    const out: TaskNode[] = [];
    for (const n of nodes) {
      if (found) out.push(n);
      else if (n.kind === 'block') {
        const block = cut(n.block);
        if (found) out.push({ ...n, block });
      } else if (n.kind === 'include') {
        const tasks = cut(n.tasks);
        if (found) out.push({ ...n, tasks });
      } else if (n.kind !== 'meta' && n.name === name) {
        found = true;
        out.push(n);
      }
    }
    return out;
  };
  const plays = pb.plays.map((p) => (found ? p : { ...p, preTasks: cut(p.preTasks ?? []), tasks: cut(p.tasks), postTasks: cut(p.postTasks ?? []) }));
  return found ? { ...pb, plays: plays.filter((p, i) => i >= firstWith(plays) && (p.tasks.length || p.preTasks?.length || p.postTasks?.length || p.handlers.length)) } : undefined;
}

function firstWith(plays: PlayDef[]): number {
  return Math.max(0, plays.findIndex((p) => p.tasks.length || p.preTasks?.length || p.postTasks?.length));
}

export function selectTasks(pb: Playbook, sel: Selection): Playbook | undefined {
  const filtered: Playbook = {
    ...pb,
    // The implicit Gathering Facts task is tagged `always`, or with the play's tags when it has some (ansible-core's
    // PlayIterator), and selected like any task: `--skip-tags always` skips it.
    plays: pb.plays.map((p) => ({ ...p, gatherFacts: p.gatherFacts && tagSelected(p.tags?.length ? p.tags : ['always'], sel), preTasks: filterNodes(p.preTasks ?? [], sel), tasks: filterNodes(p.tasks, sel), postTasks: filterNodes(p.postTasks ?? [], sel) })),
  };
  return sel.startAt ? startAt(filtered, sel.startAt) : filtered;
}

/** Every task of a play, depth first, with where it sits (for --list-tasks and --list-tags). */
export function flatTasks(nodes: TaskNode[]): { name: string; tags: string[]; role?: string }[] {
  return nodes.flatMap((n) => {
    // As ansible-playbook lists them: a block's own tasks (not rescue/always), and include_tasks and include_role each as one task (what
    // it includes is only known at run time); import_tasks were expanded at load and are listed.
    if (n.kind === 'block') return flatTasks(n.block);
    if (n.kind === 'include') return [{ name: n.listName ?? n.name, tags: n.tags ?? [] }];
    // An unnamed meta task is listed as `meta` (it has no banner to name it by).
    if (n.kind === 'meta' && n.name === `meta: ${n.action}`) return [{ name: 'meta', tags: n.tags ?? [] }];
    // PlaybookCLI lists an unnamed task by its bare action, without its role (Task.get_name() only when it has a name).
    return [{ name: n.name, tags: n.tags ?? [], ...(n.kind !== 'meta' && n.role && !n.unnamed ? { role: n.role.name } : {}) }];
  });
}
