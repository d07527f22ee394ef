/**
 * A list of task entries → TaskNode[]: plain tasks, `block:`s, `import_tasks:` (spliced in at load, inheriting
 * the import's when/vars/tags), `include_tasks:` (an IncludeDef decided per host at run time), `import_role:` /
 * `include_role:` and `meta:`. Inherited keywords are pushed down to every task here, as Ansible's parent chain does.
 */
import { isMap, type Node } from 'yaml';
import type { HandlerDef, TaskDef, TaskNode } from './types.ts';
import { parseBlock } from './block.ts';
import { parseInclude } from './includes.ts';
import { withIncludedVars } from './include-vars.ts';
import { withScriptFile } from './script-file.ts';
import { checkBecome, mergeBecome } from './become.ts';
import { mergeInherit, type Inherit, type LoadCtx } from './load-context.ts';
import { parseTask } from './task.ts';
import { inputError, keyName, nodePos, resolved, type SourceText } from './yaml-pos.ts';

const SPECIAL = ['import_tasks', 'include_tasks', 'import_role', 'include_role', 'meta', 'ansible.builtin.import_tasks',
  'ansible.builtin.include_tasks', 'ansible.builtin.import_role', 'ansible.builtin.include_role', 'ansible.builtin.meta'];

function specialKey(node: Node): string | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    const k = keyName(pair);
    if (k === 'block') return 'block';
    if (k !== undefined && SPECIAL.includes(k)) return k.replace(/^ansible\.builtin\./, '');
  }
  return undefined;
}

export function parseTaskList(lc: LoadCtx, src: SourceText, items: unknown[], inh: Inherit): TaskNode[] {
  const out: TaskNode[] = [];
  for (const raw of items) {
    const node = resolved(src, raw) as Node;
    const special = node ? specialKey(node) : undefined;
    if (special === 'block') out.push(parseBlock(lc, src, node, inh));
    else if (special !== undefined) out.push(...parseInclude(lc, src, node, special, inh));
    else out.push(withScriptFile(lc, withIncludedVars(lc, loaded(lc, inherit(parseTask(src, node, 'task', lc.catalog), inh)))));
  }
  return out;
}

export function parseHandlerList(lc: LoadCtx, src: SourceText, items: unknown[], inh: Inherit): HandlerDef[] {
  return items.map((raw) => {
    const node = resolved(src, raw) as Node;
    if (node && specialKey(node) !== undefined) {
      throw inputErrorFor(src, node);
    }
    return withScriptFile(lc, withIncludedVars(lc, loaded(lc, inherit(parseTask(src, node, 'handler', lc.catalog), inh))));
  });
}

function inputErrorFor(src: SourceText, node: Node): Error {
  return inputError('PLAYBOOK_UNSUPPORTED', 'blocks, includes, roles and meta inside handlers are not supported', nodePos(src, node), {
    hint: 'write each handler as a plain task; use listen: to run several handlers on one notification',
  });
}

/** A task with everything its parents give it: what can be refused from the playbook alone is refused now. */
function loaded<T extends TaskDef>(lc: LoadCtx, task: T): T {
  checkBecome(task, lc.catalog.find(task.module));
  return task;
}

/** Pushes the enclosing blocks', imports' and roles' keywords down onto one task (the task's own win). */
export function inherit<T extends TaskDef>(task: T, inh: Inherit): T {
  const m = mergeInherit(inh, { when: task.when, vars: task.vars, tags: task.tags ?? [] });
  const out: T = { ...task, when: m.when, vars: m.vars, ignoreErrors: task.ignoreErrors || Boolean(inh.ignoreErrors), noLog: task.noLog || Boolean(inh.noLog) };
  if (m.tags.length) out.tags = m.tags;
  if (inh.params) out.params = inh.params;
  if (task.checkMode === undefined && inh.checkMode !== undefined) out.checkMode = inh.checkMode;
  if (inh.environment !== undefined) out.environment = mergeInherit({ ...inh }, { environment: task.environment }).environment;
  if (inh.role && !task.role) out.role = inh.role;
  const become = mergeBecome(inh.become, task.become);
  if (become) out.become = become;
  return out;
}
