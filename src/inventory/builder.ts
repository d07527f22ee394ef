/**
 * Builds an Inventory with the rules of Ansible's InventoryData (ansible/inventory/data.py): `all` and `ungrouped`
 * always exist, a host keeps the first file it was seen in, group loops are refused, and reconcile() makes
 * top-level groups children of `all` and puts group-less hosts in `ungrouped`.
 */
import { resolve } from 'node:path';
import { InputError } from '../errors.ts';
import type { SourcePos } from '../errors.ts';
import { LIMITS } from '../util/limits.ts';
import { TOO_MANY_HOSTS_HINT } from './host-range.ts';
import type { LoadedInventory } from './loaded.ts';
import type { InventoryGroup, InventoryHost } from './types.ts';

export class InventoryBuilder {
  readonly inv: LoadedInventory;
  private readonly parents = new Map<string, string[]>();

  constructor(sources: string[]) {
    this.inv = {
      sources: sources.map((s) => resolve(s)),
      hosts: new Map(),
      groups: new Map(),
      varsFiles: [],
      hostPos: new Map(),
      groupPos: new Map(),
    };
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  addGroup(name: string, pos?: SourcePos): InventoryGroup {
    let g = this.inv.groups.get(name);
    if (!g) {
      if (!name) throw new InputError('INVENTORY_INVALID', 'empty group name', { pos });
      g = { name, vars: {}, children: [], hosts: [] };
      this.inv.groups.set(name, g);
      this.parents.set(name, []);
    }
    if (pos && !this.inv.groupPos.has(name)) this.inv.groupPos.set(name, pos);
    return g;
  }

  /** Adds the host (if new) and puts it in `group`. `port` applies only when the host is new, as in Ansible. */
  addHost(name: string, group: string | undefined, pos: SourcePos, port?: number): InventoryHost {
    if (!name) throw new InputError('INVENTORY_INVALID', 'empty host name', { pos });
    let h = this.inv.hosts.get(name);
    if (!h) {
      if (this.inv.hosts.size >= LIMITS.hostsPerInventory) {
        throw new InputError('INVENTORY_TOO_LARGE', `host ${name}: the inventory holds more than ${LIMITS.hostsPerInventory.toLocaleString('en-US')} hosts, the limit for one run`, {
          pos,
          hint: TOO_MANY_HOSTS_HINT,
        });
      }
      h = { name, vars: {}, groups: [] };
      if (port) h.vars.ansible_port = port;
      this.inv.hosts.set(name, h);
      this.inv.hostPos.set(name, pos);
    }
    if (group !== undefined) {
      const g = this.inv.groups.get(group);
      if (!g) throw new InputError('INVENTORY_INVALID', `could not find group ${group} in inventory`, { pos });
      if (!h.groups.includes(group)) {
        g.hosts.push(name);
        h.groups.push(group);
      }
    }
    return h;
  }

  addChild(parent: string, child: string, pos?: SourcePos): void {
    const p = this.inv.groups.get(parent);
    const c = this.inv.groups.get(child);
    if (!p || !c) throw new InputError('INVENTORY_INVALID', `${p ? child : parent} is not a known group`, { pos });
    if (parent === child) {
      throw new InputError('INVENTORY_GROUP_LOOP', `group ${parent} cannot be a child of itself`, { pos, hint: 'remove it from its own children' });
    }
    if (p.children.includes(child)) return;
    if (this.ancestors(parent).has(child)) {
      throw new InputError('INVENTORY_GROUP_LOOP', `adding group ${child} as child to ${parent} creates a recursive dependency loop`, {
        pos,
        hint: `${child} is already an ancestor of ${parent}; a group tree cannot contain cycles`,
      });
    }
    p.children.push(child);
    (this.parents.get(child) as string[]).push(parent);
  }

  setGroupVar(group: string, key: string, value: unknown, pos?: SourcePos): void {
    const g = this.inv.groups.get(group) as InventoryGroup;
    if (key === 'ansible_group_priority') {
      // Ansible applies int() here; a value that is not a whole number is an error, not a silent priority 1.
      // A YAML float (`2.0`, a Number object: template/py-float.ts) is int()ed too.
      const n = typeof value === 'number' || value instanceof Number ? Number(value) : typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isFinite(n)) {
        throw new InputError('INVENTORY_INVALID', `ansible_group_priority of group ${group} must be an integer, got ${JSON.stringify(value)}`, {
          pos,
          hint: 'use a whole number; higher priorities win among groups at the same depth',
        });
      }
      g.vars[key] = Math.trunc(n);
      return;
    }
    g.vars[key] = value;
  }

  setHostVar(host: string, key: string, value: unknown): void {
    (this.inv.hosts.get(host) as InventoryHost).vars[key] = value;
  }

  private ancestors(group: string): Set<string> {
    const seen = new Set<string>();
    const todo = [...(this.parents.get(group) ?? [])];
    while (todo.length) {
      const g = todo.pop() as string;
      if (seen.has(g)) continue;
      seen.add(g);
      todo.push(...(this.parents.get(g) ?? []));
    }
    return seen;
  }

  /** Ansible's reconcile_inventory, plus an error where Ansible only warns: a name both a host and a group. */
  reconcile(): LoadedInventory {
    for (const name of this.inv.hosts.keys()) {
      if (this.inv.groups.has(name)) {
        throw new InputError('INVENTORY_NAME_CONFLICT', `${name} is both a host and a group`, {
          pos: this.inv.hostPos.get(name) ?? this.inv.groupPos.get(name),
          hint: `rename the host or the group${this.describeGroupPos(name)}; patterns and group_vars would be ambiguous`,
        });
      }
    }
    for (const g of this.inv.groups.keys()) {
      if (g !== 'all' && this.ancestors(g).size === 0) this.addChild('all', g);
    }
    const ungrouped = this.inv.groups.get('ungrouped') as InventoryGroup;
    for (const h of this.inv.hosts.values()) {
      const mine = new Set<string>();
      for (const g of h.groups) {
        mine.add(g);
        for (const a of this.ancestors(g)) mine.add(a);
      }
      if (mine.has('ungrouped')) {
        if ([...mine].some((g) => g !== 'all' && g !== 'ungrouped')) {
          ungrouped.hosts = ungrouped.hosts.filter((n) => n !== h.name);
          h.groups = h.groups.filter((g) => g !== 'ungrouped');
        }
      } else if (mine.size === 0 || (mine.size === 1 && mine.has('all'))) {
        ungrouped.hosts.push(h.name);
        h.groups.push('ungrouped');
      }
    }
    return this.inv;
  }

  private describeGroupPos(name: string): string {
    const p = this.inv.groupPos.get(name);
    return p ? ` (the group is at ${p.file}:${p.line}:${p.col})` : '';
  }
}
