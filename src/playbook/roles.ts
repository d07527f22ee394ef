/**
 * Roles: `roles/<name>/` beside the playbook (or a path), with tasks/, handlers/, defaults/, vars/, meta/
 * (dependencies, run first) and files/ + templates/ (found through `role_path`). A role's tasks are returned; its
 * handlers and variables go to the play being loaded. A role with the same parameters runs once per play.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isMap, isSeq, type Node } from 'yaml';
import type { SourcePos } from '../errors.ts';
import type { Vars } from '../inventory/types.ts';
import type { BecomeDef, TaskNode } from './types.ts';
import { mergeBecome } from './become.ts';
import { enter, mergeInherit, readSource, type Inherit, type LoadCtx } from './load-context.ts';
import { tagsOf } from './task-extras.ts';
import { parseHandlerList, parseTaskList } from './task-list.ts';
import { readVarsFile } from './vars-file.ts';
import { conditionList } from './special-keys.ts';
import { inputError, jsOf, nodePos } from './yaml-pos.ts';

function roleDir(lc: LoadCtx, name: string, at: SourcePos): string {
  const candidates = isAbsolute(name) ? [name] : [join(lc.playbookDir, 'roles', name), join(lc.playbookDir, name)];
  const found = candidates.find((d) => existsSync(d));
  if (!found) throw inputError('PLAYBOOK_ROLE_NOT_FOUND', `the role '${name}' was not found`, at, { hint: `looked in ${candidates.join(', ')}` });
  return found;
}

function mainFile(dir: string, sub: string, base = 'main'): string | undefined {
  return ['yml', 'yaml'].map((e) => join(dir, sub, `${base}.${e}`)).find((f) => existsSync(f));
}

function listIn(lc: LoadCtx, file: string, at: SourcePos): { src: ReturnType<typeof readSource>; items: unknown[] } {
  const src = readSource(lc, file, at);
  const root = src.doc.contents;
  if (root !== null && !isSeq(root)) throw inputError('PLAYBOOK_INVALID', `${file} must hold a list`, nodePos(src, root as Node));
  return { src, items: isSeq(root) ? root.items : [] };
}

/** meta/main.yml `dependencies:` — names or `{role: name, …params}`. */
function dependencies(lc: LoadCtx, dir: string, at: SourcePos): { name: string; params: Vars; pos: SourcePos }[] {
  const file = mainFile(dir, 'meta');
  if (!file) return [];
  const src = readSource(lc, file, at);
  const root = src.doc.contents;
  if (!isMap(root)) return [];
  const deps = root.get('dependencies', true) as Node | undefined;
  if (!isSeq(deps)) return [];
  return deps.items.map((n) => {
    const v = jsOf(src, n as Node);
    const pos = nodePos(src, n as Node);
    if (typeof v === 'string') return { name: v, params: {}, pos };
    const { role, name, ...params } = v as Record<string, unknown>;
    return { name: String(role ?? name), params, pos };
  });
}

/**
 * A role's tasks, once per play for the same parameters (Ansible's allow_duplicates default); `included` (include_role)
 * loads them again each time, as Ansible runs every include_role, without adding the role's handlers twice.
 */
export function loadRole(lc: LoadCtx, name: string, at: SourcePos, inh: Inherit, tasksFrom?: string, params: Vars = {}, included = false): TaskNode[] {
  const dir = roleDir(lc, name, at);
  const key = `${dir}|${JSON.stringify(params)}|${tasksFrom ?? ''}`;
  const again = lc.play.rolesSeen.has(key);
  if (again && !included) return [];
  lc.play.rolesSeen.add(key);
  const inner = enter(lc, dir, at);
  const out: TaskNode[] = [];
  const roleName = name.split(/[\\/]/).pop() ?? name;
  // Ansible's dependency chain: a role pulled in by another (meta dependency, include_role in a role's task) searches
  // its parents' folders after its own (Task.get_search_path, playbook/search-path.ts).
  const parents = inh.role ? [inh.role.path, ...(inh.role.parents ?? [])] : [];
  const role = { name: roleName, path: dir, ...(parents.length ? { parents } : {}) };
  for (const d of dependencies(inner, dir, at)) out.push(...loadRole(inner, d.name, d.pos, { ...inh, role }, undefined, d.params));
  const own = mergeInherit(inh, { vars: params, ...(Object.keys(params).length ? { params } : {}), role });
  const defaults = mainFile(dir, 'defaults');
  if (defaults && !again) Object.assign(lc.play.roleDefaults, readVarsFile(lc, defaults, at));
  const vars = mainFile(dir, 'vars');
  if (vars && !again) Object.assign(lc.play.roleVars, readVarsFile(lc, vars, at));
  const handlers = mainFile(dir, 'handlers');
  if (handlers && !again) {
    const { src, items } = listIn(inner, handlers, at);
    lc.play.handlers.push(...parseHandlerList(inner, src, items, { ...own, when: [], tags: [] }));
  }
  const tasks = mainFile(dir, 'tasks', tasksFrom?.replace(/\.ya?ml$/, '') ?? 'main');
  if (!tasks && tasksFrom) throw inputError('PLAYBOOK_NOT_FOUND', `role '${name}' has no tasks/${tasksFrom}`, at);
  if (tasks) {
    const { src, items } = listIn(inner, tasks, at);
    out.push(...parseTaskList(inner, src, items, own));
  }
  return out;
}

/** One entry of a play's `roles:` list: `name`, or `{role: name, when:, tags:, vars:, …params}`. */
export function loadRoleEntry(lc: LoadCtx, entry: unknown, at: SourcePos, playTags: string[], playBecome?: BecomeDef): TaskNode[] {
  const withBecome = (b: BecomeDef | undefined) => (b ? { become: b } : {});
  if (typeof entry === 'string') return loadRole(lc, entry, at, { when: [], vars: {}, tags: playTags, ...withBecome(playBecome) });
  // become* on a role entry are keywords (Ansible's Become mixin on the role), not role parameters.
  const { role, name, when, tags, vars, become, become_user, become_method, become_flags, ...params } = entry as Record<string, unknown>;
  const roleName = role ?? name;
  if (typeof roleName !== 'string') throw inputError('PLAYBOOK_INVALID', "a roles: entry needs 'role: <name>'", at, { hint: '- role: my_role' });
  const own: Record<string, unknown> = { become, user: become_user, method: become_method, flags: become_flags };
  const entryBecome = Object.values(own).some((v) => v !== undefined)
    ? (Object.fromEntries([...Object.entries(own).filter(([, v]) => v !== undefined), ['pos', at]]) as unknown as BecomeDef)
    : undefined;
  const inh: Inherit = { when: conditionList(when), vars: {}, tags: [...playTags, ...tagsOf(tags)], ...withBecome(mergeBecome(playBecome, entryBecome)) };
  return loadRole(lc, roleName, at, inh, undefined, { ...params, ...((vars as Vars | undefined) ?? {}) });
}
