/**
 * The task keywords beyond the basics (tags, loop_control, with_items, retries/until/delay, check_mode, diff,
 * run_once, delegate_to, throttle, environment, async/poll), read into the TaskDef. Values were shape-checked already.
 */
import type { Node, Pair } from 'yaml';
import { ansibleBool } from '../template/python.ts';
import type { LoopControl, TaskDef } from './types.ts';
import { inputError, nodePos, resolved, type SourceText } from './yaml-pos.ts';
import { pyEntries } from '../util/dict-order.ts';

type Keywords = Map<string, { pair: Pair; value: unknown }>;

export function tagsOf(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : String(v).split(',');
  return list.map((t) => String(t).trim()).filter((t) => t !== '');
}

function valueNode(src: SourceText, kw: Keywords, k: string): Node {
  const e = kw.get(k);
  return (resolved(src, e?.pair.value) ?? e?.pair.key) as Node;
}

function literalFlag(src: SourceText, kw: Keywords, k: string): boolean | undefined {
  const e = kw.get(k);
  if (!e) return undefined;
  if (typeof e.value === 'boolean') return e.value;
  const s = String(e.value).trim().toLowerCase();
  if (['yes', 'no', 'true', 'false', 'on', 'off', 'y', 'n', '1', '0'].includes(s)) return ansibleBool(s);
  throw inputError('PLAYBOOK_UNSUPPORTED', `templated '${k}' is not supported yet`, nodePos(src, valueNode(src, kw, k)), {
    hint: `use a literal true or false`,
  });
}

const LOOP_CONTROL_KEYS = ['loop_var', 'index_var', 'label', 'pause'];

function loopControl(src: SourceText, kw: Keywords): LoopControl | undefined {
  const lc = kw.get('loop_control')?.value as Record<string, unknown> | undefined;
  if (!lc) return undefined;
  const bad = Object.keys(lc).find((k) => !LOOP_CONTROL_KEYS.includes(k));
  if (bad !== undefined) {
    throw inputError('PLAYBOOK_UNSUPPORTED', `loop_control '${bad}' is not supported`, nodePos(src, valueNode(src, kw, 'loop_control')), {
      hint: `supported: ${LOOP_CONTROL_KEYS.join(', ')}`,
    });
  }
  const out: LoopControl = { loopVar: typeof lc.loop_var === 'string' ? lc.loop_var : 'item' };
  if (typeof lc.index_var === 'string') out.indexVar = lc.index_var;
  if (lc.label !== undefined) out.label = String(lc.label);
  if (lc.pause !== undefined) out.pause = Number(lc.pause);
  return out;
}

/** The expression inside a single `{{ … }}` (or the text itself). */
const inner = (v: unknown): string => String(v).replace(/^\s*\{\{|\}\}\s*$/g, '');

/**
 * with_items flattens one level, as Ansible's `items` lookup does; with_list does not; with_dict gives
 * `{key, value}` items in the mapping's order (the `dict` lookup, as `| dict2items`); with_nested and
 * with_first_found keep their terms for the engine, which runs the lookup on them (task-loop.ts).
 */
function withLoop(src: SourceText, task: TaskDef, kw: Keywords): void {
  const loops = ['loop', 'with_items', 'with_list', 'with_dict', 'with_first_found', 'with_nested'].filter((k) => kw.has(k));
  if (loops.length > 1) {
    // Task._preprocess_with_loop / preprocess_data: one loop per task.
    throw inputError('PLAYBOOK_INVALID', `duplicate loop in task: ${loops[1]?.replace(/^with_/, '')}`, nodePos(src, kw.get(loops[1] as string)?.pair.key as Node), {
      hint: `keep one of ${loops.join(', ')}`,
    });
  }
  const first = kw.get('with_first_found')?.value;
  if (first !== undefined) {
    task.loop = first;
    task.loopWith = { lookup: 'first_found', subdir: firstFoundSubdir(task.moduleAs) };
  }
  const nested = kw.get('with_nested')?.value;
  if (nested !== undefined) {
    task.loop = nested;
    task.loopWith = { lookup: 'nested' };
  }
  const items = kw.get('with_items')?.value;
  const list = kw.get('with_list')?.value;
  const dict = kw.get('with_dict')?.value;
  if (list !== undefined) task.loop = list;
  if (dict !== undefined) {
    task.loop = typeof dict === 'string' ? `{{ (${inner(dict)}) | dict2items }}` : pyEntries(dict as Record<string, unknown>).map(([key, value]) => ({ key, value }));
  }
  if (items === undefined) return;
  if (Array.isArray(items)) task.loop = items.flatMap((i) => (Array.isArray(i) ? i : [i]));
  else task.loop = `{{ (${inner(items)}) | flatten(levels=1) }}`;
}

/**
 * TaskExecutor._get_loop_items: the lookup's `_subdir` is the first of template, var, file found in the action's
 * name, plus 's' — and `files` when none is (the loop variable keeps its last value).
 */
export function firstFoundSubdir(action: string): string {
  for (const sub of ['template', 'var']) if (action.includes(sub)) return `${sub}s`;
  return 'files';
}

export function applyExtras(src: SourceText, task: TaskDef, kw: Keywords): void {
  const tags = tagsOf(kw.get('tags')?.value);
  if (tags.length) task.tags = tags;
  const lc = loopControl(src, kw);
  if (lc) task.loopControl = lc;
  withLoop(src, task, kw);
  const until = kw.get('until')?.value;
  if (until !== undefined || kw.has('retries')) {
    const conds = until === undefined ? [] : (Array.isArray(until) ? until : [until]).map((c) => String(c).trim());
    // Ansible: retries defaults to 3 and delay to 5 seconds when until is given.
    task.retry = { until: conds, retries: (kw.get('retries')?.value as number | undefined) ?? 3, delay: (kw.get('delay')?.value as number | undefined) ?? 5 };
  }
  const check = literalFlag(src, kw, 'check_mode');
  if (check !== undefined) task.checkMode = check;
  const diff = literalFlag(src, kw, 'diff');
  if (diff !== undefined) task.diff = diff;
  if (literalFlag(src, kw, 'run_once')) task.runOnce = true;
  const delegate = kw.get('delegate_to')?.value as string | undefined;
  if (delegate !== undefined) {
    if (!['localhost', '127.0.0.1'].includes(delegate.trim())) {
      throw inputError('PLAYBOOK_UNSUPPORTED', `delegate_to: ${delegate} is not supported`, nodePos(src, valueNode(src, kw, 'delegate_to')), {
        hint: 'only delegate_to: localhost (controller modules such as debug, set_fact, assert) is supported; run the task in a play against that host',
      });
    }
    task.delegateTo = 'localhost';
  }
  const throttle = kw.get('throttle')?.value as number | undefined;
  if (throttle) task.throttle = throttle;
  // Ansible: async 0 (the default) runs the task synchronously; poll defaults to 15 seconds.
  const limit = kw.get('async')?.value as number | undefined;
  if (limit) task.async = { limit, poll: (kw.get('poll')?.value as number | undefined) ?? 15 };
  const env = kw.get('environment')?.value;
  if (env !== undefined) task.environment = env;
}
