/**
 * YAML mappings read in PyYAML's order (dict-order.ts). The `yaml` package builds a plain object for each mapping,
 * where JavaScript lists integer-like keys first (`'8080': …` before `http: …`); and where a mapping has merge keys
 * (`<<: *defaults`), PyYAML's flatten_mapping puts the merged pairs before the mapping's own (a sequence of sources
 * last-first), so a merged key sits where the source has it even when the mapping sets it too. Every reader of
 * playbooks, vars files, inventories and from_yaml goes through YAMLMap#toJSON, so wrapping it once records the order
 * for all of them. Imported for its effect by util/limits.ts, which every YAML reader imports for the alias limit.
 */
import { isAlias, isMap, isScalar, isSeq, YAMLMap, type Document, type Node } from 'yaml';
import { isIndexKey, withOrder } from './dict-order.ts';

interface Ctx {
  mapAsMap?: boolean;
  doc?: Document;
}
type ToJSON = (this: YAMLMap, key: unknown, ctx?: Ctx, Type?: unknown) => unknown;

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return typeof v === 'symbol' ? v.description === '<<' : v === '<<';
}

function resolved(node: unknown, ctx: Ctx): unknown {
  return isAlias(node) && ctx.doc ? node.resolve(ctx.doc, ctx as never) : node;
}

/** The keys of `map` as PyYAML's constructor inserts them: merged pairs first, then the mapping's own. */
function pyYamlKeys(map: YAMLMap, ctx: Ctx, depth = 0): string[] {
  const merged: string[] = [];
  const own: string[] = [];
  for (const pair of map.items) {
    if (isMergeKey(pair.key)) {
      const src = resolved(pair.value, ctx);
      const sources = isSeq(src) ? src.items.map((n) => resolved(n, ctx)).reverse() : [src];
      for (const s of sources) if (isMap(s) && depth < 50) merged.push(...pyYamlKeys(s, ctx, depth + 1));
    } else if (isScalar(pair.key)) {
      const v = pair.key.value;
      own.push(v === null ? '' : String(v));
    }
  }
  return [...merged, ...own];
}

const proto = YAMLMap.prototype as unknown as { toJSON: ToJSON; wbOrdered?: true };
if (!proto.wbOrdered) {
  const original = proto.toJSON;
  proto.wbOrdered = true;
  proto.toJSON = function (key, ctx, Type) {
    const out = original.call(this, key, ctx, Type);
    if (Type !== undefined || ctx?.mapAsMap || typeof out !== 'object' || out === null) return out;
    const keys = Object.keys(out);
    const merges = this.items.some((p) => isMergeKey(p.key as Node));
    if (!merges && !keys.some(isIndexKey)) return out;
    // First place of each key that the object has; a key read some other way (a complex key) keeps JS's place, last.
    const have = new Set(keys);
    const order = [...new Set(pyYamlKeys(this, ctx ?? {}))].filter((k) => have.has(k));
    const placed = new Set(order);
    for (const k of keys) if (!placed.has(k)) order.push(k);
    return withOrder(out, order);
  };
}
