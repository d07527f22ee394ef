/**
 * Ansible's YAML inventory format (ansible/plugins/inventory/yaml.py): top-level keys are groups (usually just
 * `all`), each group a mapping of `hosts` (name → vars or null), `vars` and `children` (name → group). Where
 * Ansible warns and skips (an unknown key, a group that is not a mapping), winbook stops with the position, since
 * a skipped line is almost always a typo that would silently drop hosts or variables.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { InputError } from '../errors.ts';
import type { SourcePos } from '../errors.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { InventoryBuilder } from './builder.ts';
import { HOST_RANGE_HINT, HostRangeError, TOO_MANY_HOSTS_HINT, expandHostPattern } from './host-range.ts';
import { posAt, toJsCapped } from './yaml-source.ts';
import type { ParsedYaml } from './yaml-source.ts';

const SECTIONS = ['hosts', 'vars', 'children'];

interface Entry {
  key: unknown;
  keyPos: SourcePos;
  value: Node | null;
}

export function parseYamlInventory(y: ParsedYaml, b: InventoryBuilder): void {
  // Aliases are followed by the walk below too: expand the whole document once, capped, so a bomb made of
  // aliased groups is refused before the walk multiplies it.
  toJsCapped(y);
  const root = deref(y, y.doc.contents);
  if (root === null) return; // Ansible's INI plugin accepts an empty file, so an empty inventory is no error
  const rootPos = nodePos(y, root);
  if (!isMap(root)) {
    throw new InputError('INVENTORY_INVALID', `a YAML inventory must be a mapping of group names, found ${kindOf(root)}`, {
      pos: rootPos,
      hint: 'start with `all:` and put hosts under `all: hosts:` or under groups in `all: children:`',
    });
  }
  const entries = entriesOf(y, root);
  const plugin = entries.find((e) => e.key === 'plugin');
  if (plugin) {
    throw new InputError('INVENTORY_UNSUPPORTED', 'inventory plugin configuration files (plugin: ...) are not supported', {
      pos: plugin.keyPos,
      hint: 'export the hosts once with `ansible-inventory -i THIS_FILE --list -y > static.yml` and use that file',
    });
  }
  for (const e of entries) parseGroup(y, b, groupName(e), e.value, e.keyPos);
}

function parseGroup(y: ParsedYaml, b: InventoryBuilder, group: string, node: Node | null, pos: SourcePos): string {
  if (node !== null && !isMap(node)) {
    throw new InputError('INVENTORY_INVALID', `group ${group} must be a mapping with hosts, vars and children, found ${kindOf(node)}`, {
      pos: nodePos(y, node),
      hint: isSeq(node) ? `write ${group}: hosts: {name1: , name2: } — hosts is a mapping of name to vars` : 'indent hosts:, vars: and children: under the group name',
    });
  }
  b.addGroup(group, pos);
  if (node === null) return group;
  const entries = entriesOf(y, node);
  for (const e of entries) {
    const key = String(e.key);
    if (!SECTIONS.includes(key)) {
      throw new InputError('INVENTORY_UNKNOWN_KEY', `unexpected key ${key} in group ${group}${didYouMean(key, SECTIONS)}`, {
        pos: e.keyPos,
        hint: 'only hosts, vars and children are valid in a group; put variables under vars:',
      });
    }
    if (e.value === null) continue;
    const section = sectionEntries(y, group, key, e.value);
    if (key === 'vars') {
      for (const v of section) b.setGroupVar(group, String(v.key), toJs(y, v.value), v.keyPos);
    } else if (key === 'children') {
      for (const c of section) {
        const child = parseGroup(y, b, groupName(c), c.value, c.keyPos);
        b.addChild(group, child, c.keyPos);
      }
    } else {
      for (const h of section) addHosts(y, b, group, h);
    }
  }
  return group;
}

function addHosts(y: ParsedYaml, b: InventoryBuilder, group: string, h: Entry): void {
  if (typeof h.key !== 'string') {
    throw new InputError('INVENTORY_INVALID', `host pattern ${String(h.key)} must be a string`, {
      pos: h.keyPos,
      hint: 'enclose numbers in quotation marks',
    });
  }
  let expanded: { hosts: string[]; port?: number };
  try {
    expanded = expandHostPattern(h.key);
  } catch (e) {
    if (!(e instanceof HostRangeError)) throw e;
    if (e.tooLarge) throw new InputError('INVENTORY_TOO_LARGE', `host range ${h.key}: ${e.message}`, { pos: h.keyPos, hint: TOO_MANY_HOSTS_HINT });
    throw new InputError('INVENTORY_INVALID', `invalid host range in ${h.key}: ${e.message}`, { pos: h.keyPos, hint: HOST_RANGE_HINT });
  }
  const vars = h.value === null ? {} : toJs(y, h.value);
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) {
    throw new InputError('INVENTORY_INVALID', `variables of host ${h.key} must be a mapping, found ${kindOf(h.value)}`, {
      pos: h.value ? nodePos(y, h.value) : h.keyPos,
      hint: `write ${h.key}: {ansible_host: 10.0.0.5} or leave the value empty`,
    });
  }
  for (const name of expanded.hosts) {
    b.addHost(name, group, h.keyPos, expanded.port);
    for (const [k, v] of Object.entries(vars)) b.setHostVar(name, k, v);
  }
}

/** A hosts/vars/children section: a mapping, or a single name as a string (Ansible accepts that). */
function sectionEntries(y: ParsedYaml, group: string, key: string, node: Node): Entry[] {
  if (isScalar(node) && typeof node.value === 'string') return [{ key: node.value, keyPos: nodePos(y, node), value: null }];
  if (isMap(node)) return entriesOf(y, node);
  const hint =
    key === 'hosts'
      ? 'hosts is a mapping of name to vars: write `hosts:` then one `  name:` per line (no dash), each optionally with variables under it'
      : key === 'children'
        ? 'children is a mapping of group names: write `children:` then one `  name:` per line (no dash)'
        : 'vars is a mapping of variable names to values: `vars:` then `  name: value`';
  throw new InputError('INVENTORY_INVALID', `"${key}" of group ${group} must be a mapping, found ${kindOf(node)}`, { pos: nodePos(y, node), hint });
}

function groupName(e: Entry): string {
  if (typeof e.key !== 'string' || e.key === '') {
    throw new InputError('INVENTORY_INVALID', `invalid group name ${JSON.stringify(e.key)}: expected a string`, { pos: e.keyPos, hint: 'quote the group name' });
  }
  return e.key;
}

/** The pairs of a mapping in order, with YAML 1.1 merge keys (`<<: *anchor`) spliced in. */
function entriesOf(y: ParsedYaml, map: YAMLMap): Entry[] {
  const out: Entry[] = [];
  for (const pair of map.items as Pair<Node | null, Node | null>[]) {
    const keyNode = pair.key;
    const key = keyNode === null ? null : isScalar(keyNode) ? keyNode.value : toJs(y, keyNode);
    const value = deref(y, pair.value);
    if (key === '<<' && isScalar(keyNode) && keyNode.source === '<<' && value !== null) {
      const sources = isSeq(value) ? value.items.map((n) => deref(y, n as Node)) : [value];
      for (const s of sources) if (s && isMap(s)) out.push(...entriesOf(y, s));
      continue;
    }
    out.push({ key, keyPos: keyNode ? nodePos(y, keyNode) : nodePos(y, map), value });
  }
  return out;
}

function deref(y: ParsedYaml, node: unknown): Node | null {
  if (node === null || node === undefined) return null;
  let n = node as Node;
  if (isAlias(n)) n = (n.resolve(y.doc) ?? null) as Node;
  // An empty value (`web01:`) parses as a null scalar.
  if (n && isScalar(n) && n.value === null) return null;
  return n ?? null;
}

function toJs(y: ParsedYaml, node: Node | null): unknown {
  return node === null ? null : toJsCapped(y, node);
}

function nodePos(y: ParsedYaml, node: Node): SourcePos {
  return posAt(y, node.range?.[0] ?? 0);
}

function kindOf(node: Node | null): string {
  if (node === null) return 'nothing';
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a mapping';
  if (isScalar(node)) return `the ${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'a value';
}
