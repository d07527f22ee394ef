/**
 * The output of `ansible-inventory --list` and `--graph` (ansible/cli/inventory.py), so winbook's reading of an
 * inventory can be diffed against Ansible's. A group with neither hosts nor children is left out of --list (but
 * still named among its parent's children); hosts without variables are left out of _meta.hostvars.
 */
import type { Inventory, Vars } from './types.ts';
import { inventoryVars } from './vars.ts';

// Variables ansible-inventory strips from its output (INTERNAL_VARS).
const INTERNAL_VARS = new Set([
  'ansible_diff_mode', 'ansible_config_file', 'ansible_facts', 'ansible_forks', 'ansible_inventory_sources',
  'ansible_limit', 'ansible_playbook_python', 'ansible_run_tags', 'ansible_skip_tags', 'ansible_verbosity',
  'ansible_version', 'inventory_dir', 'inventory_file', 'inventory_hostname', 'inventory_hostname_short',
  'groups', 'group_names', 'omit', 'playbook_dir',
]);

export interface AnsibleListGroup {
  hosts?: string[];
  children?: string[];
}

export type AnsibleList = { _meta: { hostvars: Record<string, Vars> } } & Record<string, AnsibleListGroup | { hostvars: Record<string, Vars> }>;

export function toAnsibleList(inv: Inventory): AnsibleList {
  const out: Record<string, AnsibleListGroup> = {};
  const seen = new Set<string>();
  const format = (name: string): void => {
    const g = inv.groups.get(name);
    if (!g) return;
    const entry: AnsibleListGroup = {};
    if (name !== 'all' && g.hosts.length) entry.hosts = [...g.hosts];
    if (g.children.length) entry.children = [...g.children];
    if (entry.hosts || entry.children) out[name] = entry;
    for (const c of g.children) {
      if (seen.has(c)) continue;
      seen.add(c);
      format(c);
    }
  };
  format('all');

  const hostvars: Record<string, Vars> = {};
  for (const host of inv.hosts.keys()) {
    const vars = Object.fromEntries(Object.entries(inventoryVars(inv, host)).filter(([k]) => !INTERNAL_VARS.has(k)));
    if (Object.keys(vars).length) hostvars[host] = vars;
  }
  // ansible-inventory prints with json.dumps(sort_keys=True); sorting here makes the CLI's output diffable with it.
  return sortKeys({ _meta: { hostvars }, ...out }) as AnsibleList;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  // A YAML float (`1.0`, a PyFloat: template/py-float.ts) is a value; the CLI prints it `1.0`, as Ansible does.
  if (v === null || typeof v !== 'object' || v instanceof Number) return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortKeys(o[k])]));
}

/** `ansible-inventory --graph [group]`: the tree under a group, hosts after child groups, `all` lists no hosts. */
export function toAnsibleGraph(inv: Inventory, top = 'all'): string {
  const lines: string[] = [];
  const name = (text: string, depth: number): string => (depth ? '  |'.repeat(depth) + '--' + text : text);
  const walk = (group: string, depth: number): void => {
    const g = inv.groups.get(group);
    if (!g) return;
    lines.push(name(`@${group}:`, depth));
    for (const c of g.children) walk(c, depth + 1);
    if (group !== 'all') for (const h of g.hosts) lines.push(name(h, depth + 1));
  };
  walk(top, 0);
  return lines.join('\n');
}
