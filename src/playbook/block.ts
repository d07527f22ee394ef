/** `block:` / `rescue:` / `always:` → BlockDef; the block's when, vars, tags and flags are pushed down to its tasks. */
import { isMap, isSeq, type Node } from 'yaml';
import type { BlockDef } from './types.ts';
import { mergeInherit, type Inherit, type LoadCtx } from './load-context.ts';
import { BLOCK_SHAPES } from './schema.ts';
import { boolOf, conditionList, readKeywords } from './special-keys.ts';
import { tagsOf } from './task-extras.ts';
import { parseTaskList } from './task-list.ts';
import { nodePos, resolved, type SourceText } from './yaml-pos.ts';
import { becomeOf } from './become.ts';
import type { BecomeDef } from './types.ts';

function becomeInherit(b: BecomeDef | undefined): { become?: BecomeDef } {
  return b ? { become: b } : {};
}

export function parseBlock(lc: LoadCtx, src: SourceText, node: Node, outer: Inherit): BlockDef {
  if (!isMap(node)) throw new Error('parseBlock expects a mapping');
  const kw = readKeywords(src, node, BLOCK_SHAPES, 'a block');
  const v = (k: string): unknown => kw.get(k)?.value;
  const inh = mergeInherit(outer, {
    when: conditionList(v('when')),
    vars: (v('vars') as Record<string, unknown> | undefined) ?? {},
    tags: tagsOf(v('tags')),
    ...(v('ignore_errors') === undefined ? {} : { ignoreErrors: boolOf(v('ignore_errors')) }),
    ...(v('no_log') === undefined ? {} : { noLog: boolOf(v('no_log')) }),
    ...(v('check_mode') === undefined ? {} : { checkMode: boolOf(v('check_mode')) }),
    ...(v('environment') === undefined ? {} : { environment: v('environment') }),
    ...becomeInherit(becomeOf(src, (k) => kw.get(k))),
  });
  const section = (k: string) => {
    const n = resolved(src, kw.get(k)?.pair.value);
    return parseTaskList(lc, src, isSeq(n) ? n.items : [], inh);
  };
  const pos = nodePos(src, node);
  const out: BlockDef = { kind: 'block', id: `${pos.file}:${pos.line}:${pos.col}`, block: section('block'), rescue: section('rescue'), always: section('always'), pos };
  if (v('name') !== undefined) out.name = String(v('name'));
  if (inh.tags.length) out.tags = inh.tags;
  return out;
}
