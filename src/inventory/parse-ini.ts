/**
 * Ansible's INI inventory format (ansible/plugins/inventory/ini.py), line for line: `[group]`, `[group:vars]`,
 * `[group:children]`, host lines split like a POSIX shell, values literal_eval'd as Python literals, `#` and `;`
 * comment lines, and children sections that may name groups defined further down.
 */
import { InputError } from '../errors.ts';
import type { SourcePos } from '../errors.ts';
import type { InventoryBuilder } from './builder.ts';
import { HOST_RANGE_HINT, HostRangeError, TOO_MANY_HOSTS_HINT, expandHostPattern } from './host-range.ts';
import { pythonLiteral } from './python-literal.ts';
import { ShlexError, shlexSplit } from './shlex-split.ts';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;

type State = 'hosts' | 'vars' | 'children';

interface Pending {
  state: State;
  pos: SourcePos;
  parents: string[];
}

/** A value as Ansible's INI plugin stores it: a Python literal if it is one, else the text. */
export function iniValue(text: string): unknown {
  const r = pythonLiteral(text);
  return r.ok ? r.value : text;
}

export function parseIniInventory(text: string, file: string, b: InventoryBuilder): void {
  const pending = new Map<string, Pending>();
  let group = 'ungrouped';
  let state: State = 'hosts';
  const lines = text.split(/\r\n|\n|\r/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n] as string;
    const line = raw.trim();
    if (!line || line[0] === '#' || line[0] === ';') continue;
    const pos: SourcePos = { file, line: n + 1, col: raw.indexOf(line[0] as string) + 1 };

    const m = SECTION.exec(line);
    if (m) {
      group = m[1] as string;
      const tag = m[2] ?? 'hosts';
      if (tag !== 'hosts' && tag !== 'vars' && tag !== 'children') {
        throw new InputError('INVENTORY_SYNTAX', `section [${group}:${tag}] has unknown type: ${tag}`, {
          pos,
          hint: 'a section is [group], [group:vars] or [group:children]',
        });
      }
      state = tag;
      if (!b.inv.groups.has(group)) {
        if (state === 'vars' && !pending.has(group)) pending.set(group, { state, pos, parents: [] });
        b.addGroup(group, pos);
      }
      const p = pending.get(group);
      if (p && state !== 'vars') {
        if (p.state === 'children') addPendingChildren(b, group, pending);
        else pending.delete(group);
      }
      continue;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      throw new InputError('INVENTORY_SYNTAX', `invalid section entry: '${line}'`, {
        pos,
        hint: 'a section header has no spaces: [group], [group:vars] or [group:children]',
      });
    }

    if (state === 'hosts') parseHostLine(line, pos, group, b);
    else if (state === 'vars') {
      const eq = line.indexOf('=');
      if (eq < 0) throw new InputError('INVENTORY_SYNTAX', `expected key=value, got: ${line}`, { pos, hint: `variables in [${group}:vars] are written name=value, one per line` });
      b.setGroupVar(group, line.slice(0, eq).trim(), iniValue(line.slice(eq + 1).trim()), pos);
    } else {
      const c = GROUP_NAME.exec(line);
      if (!c) throw new InputError('INVENTORY_SYNTAX', `expected group name, got: ${line}`, { pos, hint: `[${group}:children] lists one group name per line` });
      const child = c[1] as string;
      if (!b.inv.groups.has(child)) {
        const p = pending.get(child);
        if (p) p.parents.push(group);
        else pending.set(child, { state: 'children', pos, parents: [group] });
      } else b.addChild(group, child, pos);
    }
  }

  for (const [name, p] of pending) {
    if (p.state === 'vars') {
      throw new InputError('INVENTORY_INVALID', `section [${name}:vars] is not valid for undefined group: ${name}`, {
        pos: p.pos,
        hint: `define the group with a [${name}] or [${name}:children] section, or list it under another group's :children`,
      });
    }
    throw new InputError('INVENTORY_INVALID', `section [${p.parents[p.parents.length - 1]}:children] includes undefined group: ${name}`, {
      pos: p.pos,
      hint: `add a [${name}] section with its hosts (hosts go in [group] sections, not in :children)`,
    });
  }
}

function addPendingChildren(b: InventoryBuilder, group: string, pending: Map<string, Pending>): void {
  for (const parent of pending.get(group)?.parents ?? []) {
    b.addChild(parent, group);
    if (pending.get(parent)?.state === 'children') addPendingChildren(b, parent, pending);
  }
  pending.delete(group);
}

function parseHostLine(line: string, pos: SourcePos, group: string, b: InventoryBuilder): void {
  let tokens: string[];
  try {
    tokens = shlexSplit(line);
  } catch (e) {
    if (!(e instanceof ShlexError)) throw e;
    throw new InputError('INVENTORY_SYNTAX', `error parsing host definition '${line}': ${e.message}`, { pos, hint: 'close the quote, or escape it with a backslash' });
  }
  const pattern = tokens[0];
  if (pattern === undefined) return; // the line was only a comment after all
  if (pattern.trim() === '---') {
    throw new InputError('INVENTORY_SYNTAX', `invalid host pattern '${pattern}': '---' is normally a sign this is a YAML file`, {
      pos,
      hint: 'give YAML inventories a .yml or .yaml extension',
    });
  }
  let expanded: { hosts: string[]; port?: number };
  try {
    expanded = expandHostPattern(pattern);
  } catch (e) {
    if (!(e instanceof HostRangeError)) throw e;
    if (e.tooLarge) throw new InputError('INVENTORY_TOO_LARGE', `host range ${pattern}: ${e.message}`, { pos, hint: TOO_MANY_HOSTS_HINT });
    throw new InputError('INVENTORY_SYNTAX', `invalid host range in ${pattern}: ${e.message}`, { pos, hint: HOST_RANGE_HINT });
  }
  if (pattern.trim().endsWith(':') && expanded.port === undefined) {
    throw new InputError('INVENTORY_SYNTAX', `invalid host pattern '${pattern}': ending in ':' is not allowed, this character is reserved to provide a port`, {
      pos,
      hint: 'write host:PORT, or host ansible_port=PORT',
    });
  }
  const vars: [string, unknown][] = [];
  for (const t of tokens.slice(1)) {
    const eq = t.indexOf('=');
    if (eq < 0) {
      throw new InputError('INVENTORY_SYNTAX', `expected key=value host variable assignment, got: ${t}`, {
        pos,
        hint: 'one host per line, then name=value pairs; quote values that contain spaces',
      });
    }
    vars.push([t.slice(0, eq), iniValue(t.slice(eq + 1))]);
  }
  for (const name of expanded.hosts) {
    b.addHost(name, group, pos, expanded.port);
    for (const [k, v] of vars) b.setHostVar(name, k, v);
  }
}
