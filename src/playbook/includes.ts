/**
 * `import_tasks` (static: spliced in now), `include_tasks` (dynamic: an IncludeDef whose `when` is decided per host
 * at run time), `import_role` / `include_role` (the role's tasks, its handlers added to the play) and `meta:`.
 */
import { isMap, isSeq, type Node, type Pair } from 'yaml';
import { z } from 'zod';
import type { IncludeDef, MetaDef, TaskNode } from './types.ts';
import { enter, mergeInherit, readSource, resolveFile, type Inherit, type LoadCtx } from './load-context.ts';
import { loadRole } from './roles.ts';
import { BECOME_SHAPES, TASK_SHAPES, shape, type KeywordShape } from './schema.ts';
import { lazySchema } from '../modules/lazy-schema.ts';
import { becomeOf } from './become.ts';
import { boolOf, conditionList, readKeywords, type Keywords } from './special-keys.ts';
import { tagsOf } from './task-extras.ts';
import { parseTaskList } from './task-list.ts';
import { firstFoundChoices } from './include-first-found.ts';
import { inputError, keyName, nodePos, resolved, type SourceText } from './yaml-pos.ts';
import type { SourcePos } from '../errors.ts';

// A whole-valued YAML float (a PyFloat) is its str(), `1.0`.
const text = lazySchema(() => z.union([z.string(), z.number(), z.instanceof(Number)]).transform(String));
const COMMON: Record<string, KeywordShape> = {
  name: shape(text, 'a string'),
  when: shape(() => z.union([z.string(), z.boolean(), z.array(z.union([z.string(), z.boolean()]))]), 'a condition or a list of conditions'),
  vars: shape(() => z.record(z.string(), z.unknown()), 'a mapping of variable names to values'),
  tags: shape(() => z.union([text(), z.array(text())]), 'a tag or a list of tags'),
  ...BECOME_SHAPES,
};
const fileArg = shape(() => z.union([z.string(), z.object({ file: z.string() }).strict()]), "a file name (or 'file: name')");
const roleArg = shape(() => z.object({ name: z.string(), tasks_from: z.string().optional() }).strict(), 'a mapping with name: (and optionally tasks_from:)');
const META_ACTIONS = ['flush_handlers', 'noop', 'end_play', 'end_host', 'clear_host_errors'] as const;

function shapesFor(special: string): Record<string, KeywordShape> {
  // Ansible pushes a static import's check_mode down to each imported task, as a block's.
  if (special === 'import_tasks') return { ...COMMON, [special]: fileArg, check_mode: TASK_SHAPES.check_mode as KeywordShape };
  if (special === 'include_tasks') {
    return {
      ...COMMON, [special]: fileArg, loop: TASK_SHAPES.loop as KeywordShape, loop_control: TASK_SHAPES.loop_control as KeywordShape,
      with_first_found: TASK_SHAPES.with_first_found as KeywordShape,
    };
  }
  if (special === 'meta') return { ...COMMON, meta: { schema: z.string(), expected: `one of ${META_ACTIONS.join(', ')}` } };
  if (special.endsWith('_role')) return { ...COMMON, [special]: roleArg };
  return { ...COMMON, [special]: fileArg };
}

/** `import_tasks: x.yml` and `ansible.builtin.import_tasks: x.yml` are one keyword. */
function normalized(src: SourceText, node: Node & { items: Pair[] }, special: string): Keywords {
  const shapes = shapesFor(special);
  const firstFound = node.items.find((p) => keyName(p) === 'with_first_found');
  if (firstFound && special !== 'include_tasks') {
    // Ansible picks the file when the include runs; winbook reads every included file when the playbook loads.
    throw inputError('PLAYBOOK_UNSUPPORTED', `'with_first_found' on ${special} is not supported: winbook reads included task files when the playbook loads`, nodePos(src, firstFound.key as Node), {
      hint: `include each role with its own condition (when: ansible_os_family == 'Windows'), or choose a task file with include_tasks and with_first_found`,
    });
  }
  const full = Object.fromEntries(Object.entries(shapes).flatMap(([k, s]) => (k === special ? [[k, s], [`ansible.builtin.${k}`, s]] : [[k, s]])));
  const kw = readKeywords(src, node, full, `${special}:`);
  const fq = kw.get(`ansible.builtin.${special}`);
  if (fq) kw.set(special, fq);
  return kw;
}

export function parseInclude(lc: LoadCtx, src: SourceText, node: Node, special: string, inh: Inherit): TaskNode[] {
  if (!isMap(node)) return [];
  const kw = normalized(src, node, special);
  const pos = nodePos(src, node);
  const id = `${pos.file}:${pos.line}:${pos.col}`;
  const become = becomeOf(src, (k) => kw.get(k));
  const own = {
    when: conditionList(kw.get('when')?.value), vars: (kw.get('vars')?.value as Record<string, unknown> | undefined) ?? {}, tags: tagsOf(kw.get('tags')?.value),
    ...(become ? { become } : {}),
  };
  const arg = kw.get(special)?.value;
  const argPos = nodePos(src, resolved(src, kw.get(special)?.pair.value) as Node);
  if (special === 'meta') return [metaDef(String(arg), id, kw, own, inh, pos, argPos)];
  if (special.endsWith('_role')) {
    const r = arg as { name: string; tasks_from?: string };
    if (/\{\{|\{%/.test(r.name)) {
      // Ansible templates it when the include runs (import_role: when the play loads); winbook reads roles at load.
      throw inputError('PLAYBOOK_UNSUPPORTED', `a templated role name on ${special} ('${r.name}') is not supported: winbook reads a role's files when the playbook loads`, argPos, {
        hint: "name the role; to choose one per host, write one include_role per role with its own when:, or pick a task file with include_tasks: \"{{ item }}\" and with_first_found",
      });
    }
    if (special === 'import_role') return loadRole(lc, r.name, argPos, mergeInherit(inh, own), r.tasks_from);
    return [includeRole(lc, node as Node & { items: Pair[] }, kw, { id, pos, argPos, own, inh, role: r })];
  }
  const name = typeof arg === 'string' ? arg : (arg as { file: string }).file;
  const firstFound = kw.get('with_first_found');
  if (firstFound) return [firstFoundInclude(lc, src, kw, { id, pos, name, argPos, own, inh, terms: firstFound })];
  const file = resolveFile(lc, name, src.file, argPos, special, inh.role ? 'tasks' : undefined);
  // An include_tasks of a file being loaded is recursion that only `when` can end: its tasks load when it runs.
  const recursive = special === 'include_tasks' && lc.stack.includes(file);
  const inner = recursive ? { ...lc, stack: [...lc.stack, file] } : enter(lc, file, argPos);
  const sub = readSource(inner, file, argPos);
  const root = sub.doc.contents;
  if (root !== null && !isSeq(root)) {
    throw inputError('PLAYBOOK_INVALID', `${special}: '${name}' must hold a list of tasks`, nodePos(sub, root as Node), { hint: 'a task file is a list: - name: …' });
  }
  const items = isSeq(root) ? root.items : [];
  if (special === 'import_tasks') {
    const cm = kw.get('check_mode');
    if (typeof cm?.value === 'string' && !['yes', 'no', 'true', 'false', 'on', 'off', 'y', 'n', '1', '0'].includes(cm.value.trim().toLowerCase())) {
      throw inputError('PLAYBOOK_UNSUPPORTED', 'a templated check_mode on import_tasks is not supported', nodePos(src, resolved(src, cm.pair.value) as Node), {
        hint: 'write check_mode: true or false, or set it on the imported tasks',
      });
    }
    const checkMode = boolOf(cm?.value);
    return parseTaskList(inner, sub, items, mergeInherit(inh, checkMode === undefined ? own : { ...own, checkMode }));
  }
  // Dynamic: the include's own tags select the include, not its tasks (Ansible's rule without `apply:`).
  const childInh = mergeInherit({ ...inh, when: [] }, { vars: own.vars, params: own.vars });
  // Task.get_name(): inside a role `role : name` (or `role : include_tasks`); --list-tasks lists an unnamed one bare.
  const named = kw.has('name') && String(kw.get('name')?.value) !== '';
  const title = named ? String(kw.get('name')?.value) : 'include_tasks';
  const inc: IncludeDef = {
    kind: 'include', id, name: inh.role ? `${inh.role.name} : ${title}` : title, ...(inh.role && !named ? { listName: 'include_tasks' } : {}), file,
    tasks: recursive ? [] : parseTaskList(inner, sub, items, childInh), when: [...inh.when, ...own.when], vars: { ...inh.vars, ...own.vars }, pos,
  };
  if (recursive) inc.expand = () => expandRecursive(inner, sub, items, childInh, file, argPos);
  const tags = [...new Set([...inh.tags, ...own.tags])];
  if (tags.length) inc.tags = tags;
  if (childInh.params) inc.params = childInh.params;
  includeLoop(src, kw, inc);
  return [inc];
}

/**
 * include_role, dynamic as in Ansible: its `when` is decided once per host when it runs (an IncludeDef), its vars are
 * include params (above facts; import_role's are task vars), and its other keywords apply to the include only
 * (Ansible: "use apply" for its tasks), so its tags and become do not pass down. The role's tasks are read now.
 * Titled as IncludeRole.get_name(): its name, or `include_role : ROLE` (the action as written); listed by
 * --list-tasks as its name or action.
 */
function includeRole(
  lc: LoadCtx, node: Node & { items: Pair[] }, kw: Keywords,
  f: { id: string; pos: SourcePos; argPos: SourcePos; own: { when: string[]; vars: Record<string, unknown>; tags: string[] }; inh: Inherit; role: { name: string; tasks_from?: string } },
): IncludeDef {
  const action = node.items.map((p) => keyName(p)).find((k) => k === 'include_role' || k === 'ansible.builtin.include_role') ?? 'include_role';
  const childInh = mergeInherit({ ...f.inh, when: [] }, { vars: f.own.vars, params: f.own.vars });
  const named = kw.has('name') && String(kw.get('name')?.value) !== '';
  const inc: IncludeDef = {
    kind: 'include', action: 'include_role', id: f.id, name: named ? String(kw.get('name')?.value) : `${action} : ${f.role.name}`, file: f.role.name,
    tasks: loadRole(lc, f.role.name, f.argPos, childInh, f.role.tasks_from, {}, true), when: [...f.inh.when, ...f.own.when], vars: { ...f.inh.vars, ...f.own.vars }, pos: f.pos,
  };
  if (!named) inc.listName = action;
  const tags = [...new Set([...f.inh.tags, ...f.own.tags])];
  if (tags.length) inc.tags = tags;
  if (childInh.params) inc.params = childInh.params;
  return inc;
}

interface FirstFoundSpec {
  id: string;
  pos: SourcePos;
  name: string;
  argPos: SourcePos;
  own: { when: string[]; vars: Record<string, unknown>; tags: string[] };
  inh: Inherit;
  terms: { pair: Pair; value: unknown };
}

/**
 * `include_tasks: "{{ item }}"` with `with_first_found`: every file the lookup could pick is read now
 * (playbook/include-first-found.ts); the engine runs the lookup per host and the tasks of the file it finds.
 */
function firstFoundInclude(lc: LoadCtx, src: SourceText, kw: Keywords, f: FirstFoundSpec): IncludeDef {
  const at = nodePos(src, f.terms.pair.key as Node);
  if (kw.has('loop')) throw inputError('PLAYBOOK_INVALID', 'duplicate loop in task: first_found', at, { hint: 'keep one of loop, with_first_found' });
  // loop_control's loop_var names the found file (`include_tasks: "{{ os_file }}"`), as on a looped include.
  const control = kw.get('loop_control');
  const settings = (control?.value ?? {}) as Record<string, unknown>;
  const other = Object.keys(settings).find((k) => k !== 'loop_var');
  if (control && other !== undefined) {
    throw inputError('PLAYBOOK_UNSUPPORTED', `loop_control '${other}' on include_tasks is not supported`, nodePos(src, control.pair.key as Node), {
      hint: 'only loop_var is supported on include_tasks; use the other loop_control keys on the included tasks',
    });
  }
  const loopVar = typeof settings.loop_var === 'string' ? settings.loop_var : 'item';
  if (!new RegExp(`^\\s*\\{\\{\\s*${loopVar.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}\\}\\s*$`).test(f.name)) {
    throw inputError('PLAYBOOK_UNSUPPORTED', `include_tasks with with_first_found must include "{{ ${loopVar} }}", not '${f.name}'`, f.argPos, {
      hint: `write include_tasks: "{{ ${loopVar} }}": the ${loopVar === 'item' ? 'item' : 'loop_var'} is the file first_found picked`,
    });
  }
  const childInh = mergeInherit({ ...f.inh, when: [] }, { vars: f.own.vars, params: f.own.vars });
  const inc: IncludeDef = {
    kind: 'include', id: f.id, name: kw.has('name') ? String(kw.get('name')?.value) : 'include_tasks', file: f.name, tasks: [],
    when: [...f.inh.when, ...f.own.when], vars: { ...f.inh.vars, ...f.own.vars }, pos: f.pos,
    loop: f.terms.value, firstFound: firstFoundChoices(lc, src, f.terms.value, f.inh, childInh, at),
  };
  if (loopVar !== 'item') inc.loopVar = loopVar;
  const tags = [...new Set([...f.inh.tags, ...f.own.tags])];
  if (tags.length) inc.tags = tags;
  if (childInh.params) inc.params = childInh.params;
  return inc;
}

/** How deep an include_tasks may include its own file (Ansible has no limit: an endless recursion never ends). */
export const MAX_INCLUDE_DEPTH = 100;

/**
 * One more level of a recursive include_tasks, parsed when it runs (the file was checked when it first loaded). A
 * recursion whose `when` never turns false is stopped here instead of running until the controller gives out.
 */
function expandRecursive(lc: LoadCtx, sub: SourceText, items: unknown[], inh: Inherit, file: string, at: SourcePos): TaskNode[] {
  const depth = lc.stack.filter((f) => f === file).length;
  if (depth > MAX_INCLUDE_DEPTH) {
    throw inputError('PLAYBOOK_INVALID', `include_tasks: '${file}' includes itself more than ${MAX_INCLUDE_DEPTH} levels deep`, at, {
      hint: 'a recursive include_tasks needs a when: that turns false (a counter set with set_fact, a result that changes)',
    });
  }
  return parseTaskList(lc, sub, items, inh);
}

/** `loop:` (a list or a template) and `loop_control: {loop_var}` on include_tasks. */
function includeLoop(src: SourceText, kw: Keywords, inc: IncludeDef): void {
  const loop = kw.get('loop');
  const lc = kw.get('loop_control');
  if (lc && !loop) throw inputError('PLAYBOOK_INVALID', "'loop_control' needs a 'loop'", nodePos(src, lc.pair.key as Node), { hint: 'add loop: to the include_tasks' });
  if (!loop) return;
  if (typeof loop.value === 'string' && !loop.value.includes('{{')) {
    throw inputError('PLAYBOOK_INVALID', `'loop' must be a list or a template, got the plain string '${loop.value}'`, nodePos(src, resolved(src, loop.pair.value) as Node), {
      hint: `write loop: "{{ ${loop.value} }}" to loop over a variable`,
    });
  }
  inc.loop = loop.value;
  const control = (lc?.value ?? {}) as Record<string, unknown>;
  const other = Object.keys(control).find((k) => k !== 'loop_var');
  if (other !== undefined) {
    throw inputError('PLAYBOOK_UNSUPPORTED', `loop_control '${other}' on include_tasks is not supported`, nodePos(src, lc?.pair.key as Node), {
      hint: 'only loop_var is supported on include_tasks; use the other loop_control keys on the included tasks',
    });
  }
  if (typeof control.loop_var === 'string') inc.loopVar = control.loop_var;
}

function metaDef(action: string, id: string, kw: Keywords, own: { when: string[]; tags: string[] }, inh: Inherit, pos: MetaDef['pos'], argPos: MetaDef['pos']): MetaDef {
  if (!(META_ACTIONS as readonly string[]).includes(action)) {
    throw inputError('PLAYBOOK_UNSUPPORTED', `meta: ${action} is not supported`, argPos, { hint: `supported: ${META_ACTIONS.join(', ')}` });
  }
  const m: MetaDef = { kind: 'meta', id, name: kw.has('name') ? String(kw.get('name')?.value) : `meta: ${action}`, action: action as MetaDef['action'], when: [...inh.when, ...own.when], pos };
  const tags = [...new Set([...inh.tags, ...own.tags])];
  if (tags.length) m.tags = tags;
  return m;
}
