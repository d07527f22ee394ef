/**
 * A host's inventory variables with Ansible's precedence (VariableManager.get_vars, DEFAULT_VARIABLE_PRECEDENCE):
 *   inline vars of `all` < inline vars of the host's other groups (sorted as sort_groups: depth, then
 *   ansible_group_priority, then name) < group_vars/all files < group_vars/<group> files (same order, per source)
 *   < inline host vars < host_vars files. Merging replaces top-level keys (hash_behaviour=replace).
 */
import { extrasOf } from './loaded.ts';
import { isIpAddress } from './host-address.ts';
import type { Inventory, Vars } from './types.ts';
import { dirname, resolve } from 'node:path';

const PRIORITY = 'ansible_group_priority';

/** Parent group names of each group. */
export function parentIndex(inv: Inventory): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const g of inv.groups.keys()) parents.set(g, []);
  for (const g of inv.groups.values()) for (const c of g.children) parents.get(c)?.push(g.name);
  return parents;
}

/** Ansible's Group.depth: the longest path from `all`; a group without parents counts as a child of all. */
export function groupDepths(inv: Inventory): Map<string, number> {
  const parents = parentIndex(inv);
  const depth = new Map<string, number>();
  const visit = (g: string, stack: Set<string>): number => {
    const known = depth.get(g);
    if (known !== undefined) return known;
    if (g === 'all') return 0;
    if (stack.has(g)) return 0; // a loop; the loader refuses these, hand-built inventories get a finite answer
    stack.add(g);
    const ps = parents.get(g) ?? [];
    const d = ps.length ? Math.max(...ps.map((p) => visit(p, stack) + 1)) : 1;
    stack.delete(g);
    depth.set(g, d);
    return d;
  };
  for (const g of inv.groups.keys()) visit(g, new Set());
  return depth;
}

export function groupPriority(inv: Inventory, group: string): number {
  const p = inv.groups.get(group)?.vars[PRIORITY];
  return typeof p === 'number' ? p : 1;
}

/** Groups in Ansible's sort_groups order: depth, then ansible_group_priority, then name. */
export function sortGroups(inv: Inventory, groups: Iterable<string>): string[] {
  const depth = groupDepths(inv);
  const key = (g: string): [number, number, string] => [depth.get(g) ?? 1, groupPriority(inv, g), g];
  return [...groups].sort((a, b) => {
    const [da, pa, na] = key(a);
    const [db, pb, nb] = key(b);
    return da - db || pa - pb || (na < nb ? -1 : na > nb ? 1 : 0);
  });
}

/** Every group the host is in, directly or through a child group (Ansible's host.get_groups()), `all` included. */
export function hostGroups(inv: Inventory, host: string): Set<string> {
  const parents = parentIndex(inv);
  const out = new Set<string>();
  const todo = [...(inv.hosts.get(host)?.groups ?? [])];
  while (todo.length) {
    const g = todo.pop() as string;
    if (out.has(g)) continue;
    out.add(g);
    todo.push(...(parents.get(g) ?? []));
  }
  return out;
}

/** Hosts of a group and its descendants: the group's own first, then its children's level by level, deduped. */
export function groupHosts(inv: Inventory, group: string): string[] {
  const g = inv.groups.get(group);
  if (!g) return [];
  const order = [group];
  const seen = new Set(order);
  for (let i = 0; i < order.length; i++) {
    for (const c of inv.groups.get(order[i] as string)?.children ?? []) {
      if (!seen.has(c)) {
        seen.add(c);
        order.push(c);
      }
    }
  }
  const hosts = new Set<string>();
  for (const name of order) for (const h of inv.groups.get(name)?.hosts ?? []) hosts.add(h);
  return [...hosts];
}

/** The inventory variables of a host without magic variables: what ansible-inventory --list shows. */
export function inventoryVars(inv: Inventory, host: string): Vars {
  const h = inv.hosts.get(host);
  if (!h) return {};
  const layers = extrasOf(inv).varsFiles ?? [];
  const groups = sortGroups(inv, [...hostGroups(inv, host)].filter((g) => g !== 'all'));
  let out: Vars = { ...inlineGroupVars(inv, 'all') };
  for (const g of groups) out = { ...out, ...inlineGroupVars(inv, g) };
  for (const l of layers) out = { ...out, ...l.groups.get('all') };
  for (const l of layers) for (const g of groups) out = { ...out, ...l.groups.get(g) };
  out = { ...out, ...h.vars };
  for (const l of layers) out = { ...out, ...l.hosts.get(host) };
  return out;
}

/** inventoryVars plus the magic variables Ansible adds: inventory_hostname(_short), group_names, groups, inventory_file/dir. */
export function hostVars(inv: Inventory, host: string): Vars {
  const file = extrasOf(inv).hostPos?.get(host)?.file;
  const abs = file && !file.startsWith('<') ? resolve(file) : null;
  const groups = groupsMagicVar(inv);
  return {
    ...inventoryVars(inv, host),
    inventory_hostname: host,
    inventory_hostname_short: isIpAddress(host) ? host : (host.split('.')[0] as string),
    group_names: [...hostGroups(inv, host)].filter((g) => g !== 'all').sort(),
    groups,
    inventory_file: abs,
    inventory_dir: abs ? dirname(abs) : null,
  };
}

// `groups` is the same for every host: computed once per inventory and shared (read-only), instead of once per
// host — at 1000 hosts the per-host copies cost O(hosts²) time and tens of MB.
const groupsCache = new WeakMap<Inventory, Readonly<Record<string, readonly string[]>>>();

function groupsMagicVar(inv: Inventory): Readonly<Record<string, readonly string[]>> {
  let groups = groupsCache.get(inv);
  if (!groups) {
    const built: Record<string, readonly string[]> = {};
    for (const g of inv.groups.keys()) built[g] = Object.freeze(groupHosts(inv, g));
    groups = Object.freeze(built);
    groupsCache.set(inv, groups);
  }
  return groups;
}

/** ansible_group_priority shapes the order and is not a variable when written in the inventory itself. */
function inlineGroupVars(inv: Inventory, group: string): Vars {
  const vars = inv.groups.get(group)?.vars ?? {};
  if (!(PRIORITY in vars)) return vars;
  const { [PRIORITY]: _p, ...rest } = vars;
  return rest;
}
