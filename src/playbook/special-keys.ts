/** Reads the keywords of a block, include, import or meta entry, refusing the ones that do not apply there. */
import type { Node, Pair } from 'yaml';
import { checkKeyword } from './check-keyword.ts';
import type { KeywordShape } from './schema.ts';
import { inputError, jsOf, keyName, nodePos, resolved, type SourceText } from './yaml-pos.ts';

export type Keywords = Map<string, { pair: Pair; value: unknown }>;

export function readKeywords(src: SourceText, map: Node & { items: Pair[] }, shapes: Record<string, KeywordShape>, what: string): Keywords {
  const out: Keywords = new Map();
  for (const pair of map.items) {
    const name = keyName(pair) ?? '';
    const shape = shapes[name];
    if (!shape) {
      throw inputError('PLAYBOOK_UNSUPPORTED', `'${name}' is not supported on ${what}`, nodePos(src, pair.key as Node), {
        hint: `supported on ${what}: ${Object.keys(shapes).join(', ')}`,
      });
    }
    const node = resolved(src, pair.value);
    out.set(name, { pair, value: checkKeyword(src, name, shape, jsOf(src, node), node, pair.key as Node) });
  }
  return out;
}

export function conditionList(v: unknown): string[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((c) => (typeof c === 'boolean' ? (c ? 'True' : 'False') : String(c).trim()));
}

/** A literal boolean keyword (yes/no/true/false…); undefined when absent. */
export function boolOf(v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  return ['yes', 'true', 'on', 'y', '1'].includes(String(v).trim().toLowerCase());
}
