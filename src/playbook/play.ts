/** One play mapping → PlayDef: keywords checked one by one, then its tasks and handlers. */
import { becomeOf } from './become.ts';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { PlayDef } from './types.ts';
import { newPlayAccum, resolveFile, type LoadCtx } from './load-context.ts';
import { loadRoleEntry } from './roles.ts';
import { tagsOf } from './task-extras.ts';
import { parseHandlerList, parseTaskList } from './task-list.ts';
import { readVarsFile } from './vars-file.ts';
import { closest } from '../util/did-you-mean.ts';
import { checkKeyword } from './check-keyword.ts';
import { checkFactsUse, checkNotifies, checkTemplates } from './play-checks.ts';
import { PLAY_KEYWORDS, PLAY_UNSUPPORTED, TASK_KEYWORDS } from './keywords.ts';
import type { ModuleCatalog } from './module-catalog.ts';
import { PLAY_SHAPES } from './schema.ts';
import { inputError, jsOf, keyName, nodePos, resolved, type SourceText } from './yaml-pos.ts';

function unknownPlayKey(src: SourceText, name: string, pair: Pair, catalog: ModuleCatalog): Error {
  const pos = nodePos(src, pair.key as Node);
  if ((TASK_KEYWORDS as readonly string[]).includes(name) || catalog.find(name)) {
    return inputError('PLAYBOOK_UNKNOWN_KEYWORD', `'${name}' is a task keyword, not a play keyword`, pos, {
      hint: 'put it on a task under tasks:, or check the indentation',
    });
  }
  const kw = closest(name, [...PLAY_KEYWORDS]);
  return inputError('PLAYBOOK_UNKNOWN_KEYWORD', `unknown play keyword '${name}'${kw ? ` — did you mean ${kw}?` : ''}`, pos, {
    hint: kw ? `the closest supported keyword is '${kw}'` : `supported play keywords: ${PLAY_KEYWORDS.join(', ')}`,
  });
}

/** tasks:/handlers: with nothing under them are empty lists, as in Ansible. */
function isEmpty(node: Node | null | undefined): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

export function parsePlay(outer: LoadCtx, src: SourceText, raw: unknown, index: number): PlayDef {
  const catalog = outer.catalog;
  const node = resolved(src, raw);
  const pos = nodePos(src, node);
  if (!isMap(node)) {
    throw inputError('PLAYBOOK_INVALID', `play ${index + 1} must be a mapping (hosts:, tasks: …)`, pos, {
      hint: "start each play with '- hosts: <pattern>'",
    });
  }
  const values = new Map<string, { value: unknown; node: Node | null | undefined }>();
  for (const pair of node.items) {
    const name = keyName(pair);
    if (name === undefined) throw inputError('PLAYBOOK_INVALID', 'play keys must be plain strings', nodePos(src, pair.key as Node));
    const shape = PLAY_SHAPES[name];
    if (!shape) {
      const hint = PLAY_UNSUPPORTED[name];
      if (hint !== undefined) {
        throw inputError('PLAYBOOK_UNSUPPORTED', `'${name}' is not supported`, nodePos(src, pair.key as Node), { hint });
      }
      throw unknownPlayKey(src, name, pair, catalog);
    }
    const vnode = resolved(src, pair.value);
    if (['tasks', 'handlers', 'vars', 'pre_tasks', 'post_tasks', 'roles', 'vars_files'].includes(name) && isEmpty(vnode)) continue;
    values.set(name, { value: checkKeyword(src, name, shape, jsOf(src, vnode), vnode, pair.key as Node), node: vnode });
  }
  const hosts = values.get('hosts')?.value as string | string[] | undefined;
  if (hosts === undefined) {
    throw inputError('PLAYBOOK_INVALID', `play ${index + 1} has no 'hosts'`, pos, {
      hint: "add 'hosts: <group or host pattern>' (e.g. hosts: all)",
    });
  }
  const hostPattern = Array.isArray(hosts) ? hosts.join(':') : hosts;
  const items = (k: string): Node[] => {
    const n = values.get(k)?.node;
    return isSeq(n) ? (n.items as Node[]) : [];
  };
  const v = (k: string): unknown => values.get(k)?.value;
  const lc: LoadCtx = { ...outer, play: newPlayAccum() };
  const tags = tagsOf(v('tags'));
  const become = becomeOf(src, (k) => {
    const pair = node.items.find((p) => keyName(p) === k);
    return pair && values.has(k) ? { pair, value: values.get(k)?.value } : undefined;
  });
  const withBecome = become ? { become } : {};
  const inh = { when: [], vars: {}, tags, ...withBecome };
  const roleTasks = items('roles').flatMap((n) => loadRoleEntry(lc, jsOf(src, n), nodePos(src, n), tags, become));
  const play: PlayDef = {
    name: values.has('name') ? String(v('name')) : hostPattern,
    hosts: hostPattern,
    vars: (v('vars') as Record<string, unknown> | undefined) ?? {},
    gatherFacts: (v('gather_facts') as boolean | undefined) ?? true,
    preTasks: parseTaskList(lc, src, items('pre_tasks'), inh),
    tasks: [...roleTasks, ...parseTaskList(lc, src, items('tasks'), inh)],
    postTasks: parseTaskList(lc, src, items('post_tasks'), inh),
    handlers: [],
    pos,
  };
  // Role handlers (collected while loading role tasks and import_role) come before the play's own.
  play.handlers = [...lc.play.handlers, ...parseHandlerList(lc, src, items('handlers'), { when: [], vars: {}, tags: [], ...withBecome })];
  if (Object.keys(lc.play.roleDefaults).length) play.roleDefaults = lc.play.roleDefaults;
  if (Object.keys(lc.play.roleVars).length) play.roleVars = lc.play.roleVars;
  const files = v('vars_files');
  if (files !== undefined) play.varsFiles = varsFiles(lc, src, files, values.get('vars_files')?.node);
  if (tags.length) play.tags = tags;
  applyPlayFlags(play, v);
  applyGatherOptions(src, play, values, catalog);
  checkNotifies(play);
  checkFactsUse(play);
  checkTemplates(play);
  return play;
}

function varsFiles(lc: LoadCtx, src: SourceText, files: unknown, node: Node | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const list = Array.isArray(files) ? files : [files];
  list.forEach((f, i) => {
    const at = nodePos(src, (isSeq(node) ? (node.items[i] as Node) : node) ?? undefined);
    Object.assign(out, readVarsFile(lc, resolveFile(lc, String(f), src.file, at, 'vars_files'), at));
  });
  return out;
}

/**
 * gather_subset / gather_timeout: ansible-core 2.14's PlayIterator gives them to the Gathering Facts task as setup
 * arguments. Checked here against setup's own options, so a subset winbook cannot gather is exit 3 at load, before
 * any host is touched; a templated value is refused (its variables are only known per host).
 */
function applyGatherOptions(src: SourceText, play: PlayDef, values: Map<string, { value: unknown; node: Node | null | undefined }>, catalog: ModuleCatalog): void {
  const subset = values.get('gather_subset');
  const timeout = values.get('gather_timeout');
  for (const [key, entry] of [['gather_subset', subset], ['gather_timeout', timeout]] as const) {
    if (entry && JSON.stringify(entry.value).includes('{{')) {
      throw inputError('PLAYBOOK_UNSUPPORTED', `a templated '${key}' on a play is not supported`, nodePos(src, entry.node as Node), {
        hint: `write the value itself, or gather in a setup task with ${key} templated there`,
      });
    }
  }
  if (subset) play.gatherSubset = Array.isArray(subset.value) ? (subset.value as string[]) : [String(subset.value)];
  if (timeout) play.gatherTimeout = Number.parseInt(String(timeout.value).trim(), 10);
  const setup = catalog.find('setup');
  if (!setup || (!subset && !timeout)) return;
  const args = { ...(play.gatherSubset ? { gather_subset: play.gatherSubset } : {}), ...(play.gatherTimeout === undefined ? {} : { gather_timeout: play.gatherTimeout }) };
  const parsed = setup.schema.safeParse(args);
  if (!parsed.success) {
    const issue = (parsed.error as { issues?: { message?: string }[] }).issues?.[0];
    throw inputError('MODULE_ARGS', `gather_subset: ${issue?.message ?? 'not a subset setup can gather'}`, nodePos(src, (subset ?? timeout)?.node as Node), {
      hint: 'the play passes gather_subset to setup; see winbook doc setup for the subsets winbook gathers',
    });
  }
}

function applyPlayFlags(play: PlayDef, v: (k: string) => unknown): void {
  const serial = v('serial');
  if (serial !== undefined) play.serial = (Array.isArray(serial) ? serial : [serial]) as (number | string)[];
  if (v('order') !== undefined) play.order = v('order') as PlayDef['order'];
  const mfp = v('max_fail_percentage');
  if (mfp !== undefined) play.maxFailPercentage = Number(String(mfp).replace('%', ''));
  if (v('any_errors_fatal') !== undefined) play.anyErrorsFatal = v('any_errors_fatal') as boolean;
  if (v('force_handlers') !== undefined) play.forceHandlers = v('force_handlers') as boolean;
  if (v('environment') !== undefined) play.environment = v('environment');
}
