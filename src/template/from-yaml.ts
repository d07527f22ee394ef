/**
 * Ansible 2.14's from_yaml and from_yaml_all (plugins/filter/core.py): yaml.load / yaml.load_all with PyYAML's
 * SafeLoader over a str (any other value is handed back as it is). The scalars resolve as PyYAML's YAML 1.1
 * resolver reads them (inventory/yaml-source.ts: `yes` a bool, `y` a str, `1.0` a float, `010` octal), merge
 * keys apply, a repeated key keeps its last value.
 *
 * What SafeLoader makes and winbook cannot hold fails the task with the reason, as to_yaml's refusals do, never a
 * silently different value: a date or timestamp (datetime.date / datetime.datetime), `!!binary` (bytes), `!!set`,
 * `!!omap` and `!!pairs`, and a mapping key that is not a str (`1: a` is the int key 1 in Python, which prints
 * and indexes differently from the text '1' a JavaScript object would hold). A tag SafeLoader has no constructor
 * for (`!vault`, `!unsafe`, `!!python/…`) fails as PyYAML fails.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type ScalarTag, type Tags } from 'yaml';
import { TemplateError } from '../errors.ts';
import { pyScalarTags } from '../inventory/yaml-source.ts';
import { LIMITS } from '../util/limits.ts';
import { isText } from './py-iter.ts';
import { raise } from './trap.ts';
import { TIMESTAMP } from './yaml-resolver.ts';

/** A value SafeLoader would construct and winbook has no type for; found after loading, named in the failure. */
class Unrepresentable {
  constructor(readonly what: string, readonly text: string) {}
}

/** PyYAML's implicit timestamp resolver (a plain `2024-01-01` is a datetime.date, not text). */
const timestamp: ScalarTag = {
  tag: 'tag:yaml.org,2002:timestamp',
  default: true,
  test: TIMESTAMP,
  resolve: (s) => new Unrepresentable(/^\d{4}-\d\d-\d\d$/.test(s) ? 'a date (datetime.date)' : 'a timestamp (datetime.datetime)', s),
};

/** The tags SafeConstructor has a constructor for (binary, set, omap and pairs are then refused). */
const SAFE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq', 'timestamp', 'binary', 'set', 'omap', 'pairs']);

function fail(filter: string, reason: string): never {
  return raise(
    new TemplateError('TEMPLATE_ERROR', `${filter}: ${reason}`, {
      hint: 'quote the scalar in the YAML text so it stays a string, or build the value with to_json/from_json',
    }),
  );
}

function tags(t: Tags): Tags {
  // The yaml package's own 1.1 timestamp tag makes a JS Date; PyYAML's resolver is used instead.
  return [...pyScalarTags(t).filter((x) => !(typeof x === 'object' && 'tag' in x && x.tag === timestamp.tag)), timestamp];
}

/** Fails on a mapping key that is not a str, or on a tag SafeLoader cannot construct. */
function checkNodes(filter: string, node: Node | null | undefined, depth = 0): void {
  if (!node || depth > 200) return;
  const tag = node.tag;
  if (tag !== undefined && !SAFE_TAGS.has(tag.replace('tag:yaml.org,2002:', ''))) fail(filter, `could not determine a constructor for the tag '${tag}'`);
  if (tag !== undefined && /:(binary|set|omap|pairs)$/.test(tag)) {
    fail(filter, `the YAML text holds a !!${tag.split(':').pop()} value, which PyYAML makes a Python ${tag.endsWith('binary') ? 'bytes' : tag.endsWith('set') ? 'set' : 'list of tuples'} and winbook cannot hold`);
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (isScalar(key) && !isText(key.value) && !(key.value instanceof Unrepresentable) && key.source !== '<<') {
        fail(filter, `the YAML key ${JSON.stringify(key.source)} reads as ${key.value === null ? 'None' : typeof key.value === 'boolean' ? 'a bool' : 'a number'} in Python, not a str; winbook's mappings have text keys (quote the key)`);
      }
      if (isScalar(key) && key.value instanceof Unrepresentable) fail(filter, `the YAML key ${JSON.stringify(key.value.text)} reads as ${key.value.what} in Python; winbook has no such value (quote the key)`);
      if (key && !isScalar(key)) fail(filter, 'the YAML text has a mapping or list as a key, which Python cannot hash');
      checkNodes(filter, pair.value as Node | null, depth + 1);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) checkNodes(filter, item as Node | null, depth + 1);
  }
}

function findUnrepresentable(filter: string, v: unknown, depth = 0): void {
  if (v instanceof Unrepresentable) fail(filter, `${JSON.stringify(v.text)} reads as ${v.what} in Ansible (yaml.load); winbook has no date values`);
  if (typeof v !== 'object' || v === null || depth > 200) return;
  for (const x of Array.isArray(v) ? v : Object.values(v)) findUnrepresentable(filter, x, depth + 1);
}

/**
 * PyYAML adds a block scalar's final line break only when the text has one; the yaml package always adds it. So a
 * `|` or `>` scalar that ends the text without a line break loses it, as in Python.
 */
function trimLastBlockScalar(node: Node | null | undefined, textLength: number): void {
  if (!node) return;
  if (isMap(node)) return trimLastBlockScalar(node.items[node.items.length - 1]?.value as Node | null, textLength);
  if (isSeq(node)) return trimLastBlockScalar(node.items[node.items.length - 1] as Node | null, textLength);
  if (isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && (node.range?.[1] ?? 0) >= textLength) {
    if (typeof node.value === 'string' && node.value.endsWith('\n')) node.value = node.value.slice(0, -1);
  }
}

function load(filter: string, doc: Document.Parsed, text: string): unknown {
  const err = doc.errors[0];
  if (err) fail(filter, `YAML syntax error: ${err.message.split('\n')[0] ?? err.message}`);
  checkNodes(filter, doc.contents as Node | null);
  if (!/[\n\r]$/.test(text)) trimLastBlockScalar(doc.contents as Node | null, text.length);
  let v: unknown;
  try {
    v = doc.toJS({ maxAliasCount: LIMITS.yamlAliasCount });
  } catch (e) {
    return fail(filter, (e as Error).message);
  }
  findUnrepresentable(filter, v);
  return v;
}

function documents(filter: string, text: string): Document.Parsed[] {
  const docs = parseAllDocuments(text, { version: '1.1', schema: 'yaml-1.1', customTags: tags, uniqueKeys: false, merge: true, logLevel: 'error' });
  if (!Array.isArray(docs)) return fail(filter, 'YAML syntax error');
  return docs;
}

export function fromYaml(v: unknown): unknown {
  if (!isText(v)) return v;
  const docs = documents('from_yaml', String(v));
  if (docs.length > 1) return fail('from_yaml', 'expected a single document in the stream; use from_yaml_all');
  return docs[0] ? load('from_yaml', docs[0], String(v)) : null;
}

export function fromYamlAll(v: unknown): unknown {
  if (!isText(v)) return v;
  return documents('from_yaml_all', String(v)).map((d) => load('from_yaml_all', d, String(v)));
}
