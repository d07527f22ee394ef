/**
 * Ansible host patterns (ansible/inventory/manager.py): `all`/`*`, names, globs, `~regex`, `a:b` / `a,b` unions,
 * `a:&b` intersections, `a:!b` exclusions, `group[0]` / `group[1:3]` / `group[-1]` subscripts. Parts are applied
 * unions first, then intersections, then exclusions, whatever order they are written in. The result keeps
 * Ansible's order: hosts in the order the union parts produced them, each group's hosts in inventory order.
 */
import { InputError } from '../errors.ts';
import { closest } from '../util/did-you-mean.ts';
import { parseAddress } from './host-address.ts';
import type { Inventory } from './types.ts';
import { groupHosts } from './vars.ts';

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/;
const PART = /(?:[^\s:[\]]|\[[^\]]*\])+/g;

export interface PatternMatch {
  /** Matching host names, deduplicated, in Ansible's order. */
  hosts: string[];
  /** Pattern parts (as written, with their & or ! prefix) that matched no host and no group. */
  unmatched: string[];
}

/** Hosts matching the pattern; throws LIMIT_NO_MATCH naming the first part that matches nothing. */
export function selectHosts(inv: Inventory, pattern: string): string[] {
  const { hosts, unmatched } = matchPattern(inv, pattern);
  if (unmatched.length) {
    const names = [...inv.hosts.keys(), ...inv.groups.keys()];
    const suggestions = unmatched.map((u) => [u, closest(u.replace(/^[&!]/, ''), names)] as const);
    const first = suggestions.find(([, s]) => s);
    throw new InputError('LIMIT_NO_MATCH', `pattern ${pattern}: ${unmatched.join(', ')} matched no host or group${first ? ` — did you mean ${first[1]}?` : ''}`, {
      hint: 'list the names with `winbook inventory -i INVENTORY --graph`; patterns are case-sensitive',
    });
  }
  return hosts;
}

export function matchPattern(inv: Inventory, pattern: string): PatternMatch {
  const parts = orderParts(splitPattern(pattern));
  let hosts: string[] = [];
  const unmatched: string[] = [];
  for (const p of parts) {
    if (inv.hosts.has(p)) {
      hosts.push(p);
      continue;
    }
    const { hosts: that, matched } = matchOne(inv, p);
    if (!matched) unmatched.push(p);
    if (p[0] === '!') {
      const s = new Set(that);
      hosts = hosts.filter((h) => !s.has(h));
    } else if (p[0] === '&') {
      const s = new Set(that);
      hosts = hosts.filter((h) => s.has(h));
    } else {
      const existing = new Set(hosts);
      hosts.push(...that.filter((h) => !existing.has(h)));
    }
  }
  return { hosts: [...new Set(hosts)], unmatched };
}

/** Ansible's split_host_pattern, plus LIMIT_SYNTAX where Ansible would silently drop characters. */
export function splitPattern(pattern: string): string[] {
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else if (parseAddress(pattern)) parts = [pattern];
  else {
    parts = pattern.match(PART) ?? [];
    const left = pattern.replace(PART, '');
    if (!/^[\s:]*$/.test(left)) throw syntax(pattern, `unbalanced or stray ${JSON.stringify(left.replace(/[\s:]/g, ''))}`);
  }
  parts = parts.map((p) => p.trim()).filter(Boolean);
  if (!parts.length) throw syntax(pattern, 'no host pattern');
  for (const p of parts) {
    const body = p[0] === '&' || p[0] === '!' ? p.slice(1) : p;
    if (!body || body[0] === '&' || body[0] === '!') throw syntax(pattern, `"${p}" needs a name after its & or !`);
  }
  return parts;
}

function orderParts(parts: string[]): string[] {
  const regular = parts.filter((p) => p[0] !== '&' && p[0] !== '!');
  const inter = parts.filter((p) => p[0] === '&');
  const excl = parts.filter((p) => p[0] === '!');
  return [...(regular.length ? regular : ['all']), ...inter, ...excl];
}

function matchOne(inv: Inventory, part: string): { hosts: string[]; matched: boolean } {
  const pattern = part[0] === '&' || part[0] === '!' ? part.slice(1) : part;
  let expr = pattern;
  let sub: [number, number | undefined] | undefined;
  const m = pattern[0] === '~' ? null : SUBSCRIPT.exec(pattern);
  if (m) {
    expr = m[1] as string;
    if (m[2] !== undefined) sub = [Number(m[2]), undefined];
    else sub = [Number(m[3]), m[5] ? Number(m[5]) : -1];
  }
  const { hosts, matched } = enumerate(inv, expr, part);
  if (!sub || !hosts.length) return { hosts, matched };
  const [start, end] = sub;
  // Ansible's _apply_subscript: an end of 0 selects the single host at start, as its `if end:` does.
  if (end) return { hosts: hosts.slice(start, (end === -1 ? hosts.length - 1 : end) + 1), matched };
  const h = hosts[start < 0 ? hosts.length + start : start];
  if (h === undefined) {
    throw new InputError('LIMIT_NO_MATCH', `no hosts matched the subscripted pattern ${pattern}: ${expr} has ${hosts.length} host(s)`, {
      hint: `subscripts count from 0; use ${expr}[0] to ${expr}[${hosts.length - 1}] or ${expr}[-1]`,
    });
  }
  return { hosts: [h], matched };
}

function enumerate(inv: Inventory, expr: string, part: string): { hosts: string[]; matched: boolean } {
  const re = compile(expr, part);
  const results: string[] = [];
  const groups = [...inv.groups.keys()].filter((g) => re.test(g));
  for (const g of groups) results.push(...groupHosts(inv, g));
  if (!groups.length || expr[0] === '~' || /[.?*[]/.test(expr)) {
    for (const h of inv.hosts.keys()) if (re.test(h)) results.push(h);
  }
  return { hosts: results, matched: results.length > 0 || groups.length > 0 || expr === 'all' };
}

function compile(expr: string, part: string): RegExp {
  if (expr[0] !== '~') return new RegExp('^' + fnmatchToRegex(expr) + '$', 's');
  try {
    // Python's re.match anchors at the start only.
    return new RegExp('^(?:' + expr.slice(1) + ')', 'u');
  } catch (e) {
    throw syntax(part, `invalid regular expression: ${(e as Error).message}`);
  }
}

/** fnmatch.translate: * any run, ? one character, [seq] / [!seq] a class; everything else literal. */
export function fnmatchToRegex(pat: string): string {
  let out = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i] as string;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      let j = i + 1;
      if (pat[j] === '!') j++;
      if (pat[j] === ']') j++;
      while (j < pat.length && pat[j] !== ']') j++;
      if (j >= pat.length) out += '\\[';
      else {
        let body = pat.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (body[0] === '!') body = '^' + body.slice(1);
        else if (body[0] === '^') body = '\\' + body;
        out += '[' + body + ']';
        i = j;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return out;
}

function syntax(pattern: string, why: string): InputError {
  return new InputError('LIMIT_SYNTAX', `invalid host pattern ${JSON.stringify(pattern)}: ${why}`, {
    hint: 'combine names with : or , — web:&prod (both), web:!db (except), ~regex, group[0], group[1:3]',
  });
}
