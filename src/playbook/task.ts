/**
 * One task or handler mapping → TaskDef/HandlerDef. Each key is a supported keyword, a keyword Ansible has
 * but we do not (error with what to do instead), a module (short or FQCN), or unknown (error with the
 * closest keyword or module).
 */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { ansibleBool } from '../template/python.ts';
import type { SourcePos } from '../errors.ts';
import type { ModuleDef } from '../modules/types.ts';
import type { HandlerDef, TaskDef } from './types.ts';
import { closest, levenshtein } from '../util/did-you-mean.ts';
import { checkKeyword } from './check-keyword.ts';
import { applyExtras } from './task-extras.ts';
import { HANDLER_KEYWORDS, TASK_KEYWORDS, TASK_UNSUPPORTED, withLoopHint } from './keywords.ts';
import type { ModuleCatalog } from './module-catalog.ts';
import { checkArgNames, mappingArgs, moduleArgs, type ModuleArgs } from './module-args.ts';
import { checkLiteralArgs } from './literal-args.ts';
import { becomeOf } from './become.ts';
import { HANDLER_SHAPES, TASK_SHAPES } from './schema.ts';
import { defaultTaskName } from './task-name.ts';
import { inputError, jsOf, keyName, nodePos, resolved, type SourceText } from './yaml-pos.ts';

/** PyYAML's implicit resolver for tag:yaml.org,2002:timestamp (a date, or a date and time). */
const PY_TIMESTAMP = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

type Kind = 'task' | 'handler';

interface ModuleUse {
  def: ModuleDef;
  as: string;
  margs: ModuleArgs;
  pos: SourcePos;
}

function unknownKey(src: SourceText, name: string, pair: Pair, kind: Kind, catalog: ModuleCatalog, hasModule: boolean): Error {
  const pos = nodePos(src, pair.key as Node);
  if (name === 'listen' && kind === 'task') {
    return inputError('PLAYBOOK_UNKNOWN_KEYWORD', `unknown task keyword 'listen'`, pos, { hint: 'listen applies to handlers only' });
  }
  const keywords = kind === 'task' ? TASK_KEYWORDS : HANDLER_KEYWORDS;
  const kw = closest(name, keywords);
  const mod = closest(name, catalog.names());
  const kwNearer = kw !== undefined && (mod === undefined || levenshtein(name, kw) <= levenshtein(name, mod));
  if (kwNearer || (hasModule && mod === undefined && !name.includes('.'))) {
    return inputError('PLAYBOOK_UNKNOWN_KEYWORD', `unknown ${kind} keyword '${name}'${kw ? ` — did you mean ${kw}?` : ''}`, pos, {
      hint: kw ? `the closest supported keyword is '${kw}'` : `supported ${kind} keywords: ${keywords.join(', ')}`,
    });
  }
  const shortNames = [...new Set(catalog.names().filter((n) => !n.includes('.')))];
  return inputError('PLAYBOOK_UNKNOWN_MODULE', `unknown module '${name}'${mod ? ` — did you mean ${mod}?` : ''}`, pos, {
    hint: mod ? `the closest supported module is '${mod}'` : `supported modules: ${shortNames.join(', ')}`,
  });
}

function unsupportedKey(src: SourceText, name: string, pair: Pair): Error | undefined {
  const hint = TASK_UNSUPPORTED[name] ?? withLoopHint(name);
  if (hint === undefined) return undefined;
  return inputError('PLAYBOOK_UNSUPPORTED', `'${name}' is not supported`, nodePos(src, pair.key as Node), { hint });
}

/** `action: win_service name=x` or `action: {module: win_service, name: x}`. */
function actionModule(src: SourceText, pair: Pair, catalog: ModuleCatalog): ModuleUse {
  const node = resolved(src, pair.value);
  const value = jsOf(src, node);
  const pos = nodePos(src, node ?? (pair.key as Node));
  const name = typeof value === 'string' ? (value.trim().split(/\s+/)[0] ?? '') : String((value as Record<string, unknown>).module ?? '');
  const def = catalog.find(name);
  if (!def) {
    const mod = closest(name, catalog.names());
    throw inputError('PLAYBOOK_UNKNOWN_MODULE', `unknown module '${name}'${mod ? ` — did you mean ${mod}?` : ''}`, pos, {
      hint: 'action: takes a module name followed by its arguments',
    });
  }
  if (typeof value === 'string') {
    const lead = value.indexOf(name) + name.length;
    const rest = value.slice(lead).replace(/^\s+/, '');
    const margs = moduleArgs(src, def, node as Node, pair.key as Node, value.length - rest.length);
    return { def, as: name, margs, pos };
  }
  const margs = mappingArgs(src, node as Node);
  delete margs.args.module;
  delete margs.argPos.module;
  delete margs.valuePos.module;
  return { def, as: name, margs, pos };
}

function conditions(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  return list.map((c) => (typeof c === 'boolean' ? (c ? 'True' : 'False') : String(c).trim()));
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

/** ignore_errors/no_log: a boolean, or a string Ansible reads as one; templated flags are not supported yet. */
function flag(src: SourceText, keyword: string, v: unknown, node: Node): boolean {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (['yes', 'no', 'true', 'false', 'on', 'off', 'y', 'n', '1', '0'].includes(s)) return ansibleBool(s);
  throw inputError('PLAYBOOK_UNSUPPORTED', `templated '${keyword}' is not supported yet`, nodePos(src, node), {
    hint: `use a literal true or false, or put the condition in failed_when:`,
  });
}

/** The position of each entry of a keyword that takes one value or a list. */
function entryPositions(src: SourceText, pair: Pair, count: number): SourcePos[] {
  const node = resolved(src, pair.value);
  const at = nodePos(src, node ?? (pair.key as Node));
  if (!isSeq(node)) return Array.from({ length: count }, () => at);
  return Array.from({ length: count }, (_, i) => nodePos(src, resolved(src, node.items[i]), at));
}

interface Collected {
  keywords: Map<string, { pair: Pair; value: unknown }>;
  module?: ModuleUse;
}

function collect(src: SourceText, map: Node & { items: Pair[] }, kind: Kind, catalog: ModuleCatalog): Collected {
  const shapes = kind === 'task' ? TASK_SHAPES : HANDLER_SHAPES;
  const hasModule = map.items.some((p) => {
    const k = keyName(p);
    return k === 'action' || (k !== undefined && !(k in shapes) && catalog.find(k) !== undefined);
  });
  const out: Collected = { keywords: new Map() };
  for (const pair of map.items) {
    const name = keyName(pair);
    if (name === undefined) {
      throw inputError('PLAYBOOK_INVALID', 'task keys must be plain strings', nodePos(src, pair.key as Node), {
        hint: "a value starting with '{{' must be quoted",
      });
    }
    const shape = shapes[name];
    let use: ModuleUse | undefined;
    if (shape) {
      const node = resolved(src, pair.value);
      const value = checkKeyword(src, name, shape, jsOf(src, node), node, pair.key as Node);
      out.keywords.set(name, { pair, value });
      if (name === 'action') use = actionModule(src, pair, catalog);
    } else {
      const unsupported = unsupportedKey(src, name, pair);
      if (unsupported) throw unsupported;
      const def = catalog.find(name);
      if (!def) throw unknownKey(src, name, pair, kind, catalog, hasModule);
      const keyPos = nodePos(src, pair.key as Node);
      use = { def, as: name, margs: moduleArgs(src, def, pair.value as Node | null, pair.key as Node), pos: keyPos };
    }
    if (use && out.module) {
      throw inputError('PLAYBOOK_INVALID', `a task can run only one module, found '${out.module.as}' and '${use.as}'`, use.pos, {
        hint: 'split it into two tasks',
      });
    }
    if (use) out.module = use;
  }
  return out;
}

export function parseTask(src: SourceText, raw: unknown, kind: 'task', catalog: ModuleCatalog): TaskDef;
export function parseTask(src: SourceText, raw: unknown, kind: 'handler', catalog: ModuleCatalog): HandlerDef;
export function parseTask(src: SourceText, raw: unknown, kind: Kind, catalog: ModuleCatalog): TaskDef | HandlerDef {
  const node = resolved(src, raw);
  const pos = nodePos(src, node);
  if (!isMap(node)) {
    throw inputError('PLAYBOOK_INVALID', `a ${kind} must be a mapping (name:, a module and its arguments)`, pos, {
      hint: `write the ${kind} as '- name: …' followed by the module, e.g. 'win_ping:'`,
    });
  }
  const { keywords, module } = collect(src, node, kind, catalog);
  if (!module) {
    const shortNames = [...new Set(catalog.names().filter((n) => !n.includes('.')))];
    throw inputError('PLAYBOOK_INVALID', `${kind} has no module`, pos, { hint: `add one of: ${shortNames.join(', ')}` });
  }
  const kw = (k: string): unknown => keywords.get(k)?.value;
  const extra = keywords.get('args');
  const margs: ModuleArgs = extra ? mappingArgs(src, resolved(src, extra.pair.value) as Node) : { args: {}, argPos: {}, valuePos: {} };
  Object.assign(margs.args, module.margs.args);
  Object.assign(margs.argPos, module.margs.argPos);
  Object.assign(margs.valuePos, module.margs.valuePos);
  checkArgNames(module.def, margs, module.pos);
  checkLiteralArgs(module.def, margs, module.pos);
  const flagOf = (k: string): boolean => {
    const e = keywords.get(k);
    return e ? flag(src, k, e.value, (resolved(src, e.pair.value) ?? e.pair.key) as Node) : false;
  };
  const loop = kw('loop');
  if (typeof loop === 'string' && !loop.includes('{{')) {
    throw inputError('PLAYBOOK_INVALID', `'loop' must be a list or a template, got the plain string '${loop}'`, nodePos(src, resolved(src, keywords.get('loop')?.pair.value)), {
      hint: `write loop: "{{ ${loop} }}" to loop over a variable`,
    });
  }
  const task: TaskDef = {
    id: `${pos.file}:${pos.line}:${pos.col}`,
    // An empty name is no name: Task.get_name() falls back to the action.
    name: kw('name') !== undefined && kw('name') !== '' ? String(kw('name')) : defaultTaskName(module.as),
    module: module.def.name,
    moduleAs: module.as,
    args: margs.args,
    when: kw('when') === undefined ? [] : conditions(kw('when')),
    notify: kw('notify') === undefined ? [] : stringList(kw('notify')),
    ignoreErrors: flagOf('ignore_errors'),
    vars: (kw('vars') as Record<string, unknown> | undefined) ?? {},
    noLog: flagOf('no_log'),
    pos,
    argPos: margs.argPos,
  };
  const notify = keywords.get('notify');
  if (notify) task.notifyPos = entryPositions(src, notify.pair, task.notify.length);
  const nameNode = resolved(src, keywords.get('name')?.pair.value);
  // A plain scalar PyYAML reads as a date (`name: 2024-01-01`) is no text either: ansible-playbook titles it by the action.
  if (isScalar(nameNode) && (typeof nameNode.value !== 'string' || (nameNode.type === 'PLAIN' && PY_TIMESTAMP.test(nameNode.value)))) task.nameNotText = true;
  if (kw('name') === undefined || kw('name') === '') task.unnamed = true;
  if (kw('register') !== undefined) task.register = String(kw('register'));
  if (loop !== undefined) task.loop = loop;
  if (kw('changed_when') !== undefined) task.changedWhen = conditions(kw('changed_when'));
  if (kw('failed_when') !== undefined) task.failedWhen = conditions(kw('failed_when'));
  applyExtras(src, task, keywords);
  const become = becomeOf(src, (k) => keywords.get(k));
  if (become) task.become = become;
  if (task.delegateTo && module.def.kind !== 'controller') {
    throw inputError('PLAYBOOK_UNSUPPORTED', `delegate_to: localhost with the remote module '${module.as}' is not supported`, pos, {
      hint: 'only controller modules (debug, set_fact, assert, fail, pause) can be delegated to localhost; the controller is not a Windows host',
    });
  }
  if (kind === 'task') return task;
  return { ...task, listen: kw('listen') === undefined ? [] : stringList(kw('listen')) };
}
