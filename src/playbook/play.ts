/** One play mapping → PlayDef: keywords checked one by one, then its tasks and handlers. */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { PlayDef } from './types.ts';
import { closest } from '../util/did-you-mean.ts';
import { checkKeyword } from './check-keyword.ts';
import { PLAY_KEYWORDS, PLAY_UNSUPPORTED, TASK_KEYWORDS } from './keywords.ts';
import type { ModuleCatalog } from './module-catalog.ts';
import { PLAY_SHAPES } from './schema.ts';
import { parseTask } from './task.ts';
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

export function parsePlay(src: SourceText, raw: unknown, index: number, catalog: ModuleCatalog): PlayDef {
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
    if ((name === 'tasks' || name === 'handlers' || name === 'vars') && isEmpty(vnode)) continue;
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
  return {
    name: values.has('name') ? String(values.get('name')?.value) : hostPattern,
    hosts: hostPattern,
    vars: (values.get('vars')?.value as Record<string, unknown> | undefined) ?? {},
    gatherFacts: (values.get('gather_facts')?.value as boolean | undefined) ?? true,
    tasks: items('tasks').map((t) => parseTask(src, t, 'task', catalog)),
    handlers: items('handlers').map((h) => parseTask(src, h, 'handler', catalog)),
    pos,
  };
}
