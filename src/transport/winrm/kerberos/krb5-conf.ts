/**
 * What winbook reads from krb5.conf (MIT's profile format, krb5.conf(5)): `[libdefaults] default_realm`,
 * `[realms] R = { kdc = host[:port] ... }` and `[domain_realm]`. No DNS SRV look-ups: a realm without a kdc line
 * is an error naming the file.
 */
import { readFileSync } from 'node:fs';
import { KerberosError } from './errors.ts';

export interface Krb5Conf {
  path?: string;
  defaultRealm?: string;
  /** KDC addresses (`host` or `host:port`) by realm, in file order. */
  kdcs: Map<string, string[]>;
  /** `.example.com` (a domain) or `host.example.com` (one host) → realm. */
  domainRealm: Map<string, string>;
}

type Section = Map<string, (string | Section)[]>;

/** Parses the profile syntax: sections, `key = value`, `key = { ... }` groups, `#`/`;` comments. */
export function parseProfile(text: string): Map<string, Section> {
  const sections = new Map<string, Section>();
  let stack: Section[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const s: Section = sections.get(header[1]!) ?? new Map();
      sections.set(header[1]!, s);
      stack = [s];
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) continue;
    if (line === '}' || line === '}*') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const kv = /^([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1]!;
    const value = kv[2]!.trim();
    const list = top.get(key) ?? [];
    top.set(key, list);
    if (value === '{') {
      const child: Section = new Map();
      list.push(child);
      stack.push(child);
    } else {
      list.push(value.replace(/^"(.*)"$/, '$1'));
    }
  }
  return sections;
}

export function parseKrb5Conf(text: string, path?: string): Krb5Conf {
  const p = parseProfile(text);
  const first = (s: Section | undefined, k: string): string | undefined => {
    const v = s?.get(k)?.[0];
    return typeof v === 'string' ? v : undefined;
  };
  const kdcs = new Map<string, string[]>();
  for (const [realm, groups] of p.get('realms') ?? []) {
    for (const g of groups) {
      if (typeof g === 'string') continue;
      const list = (g.get('kdc') ?? []).filter((x): x is string => typeof x === 'string');
      kdcs.set(realm, [...(kdcs.get(realm) ?? []), ...list]);
    }
  }
  const domainRealm = new Map<string, string>();
  for (const [domain, values] of p.get('domain_realm') ?? []) {
    const v = values[0];
    if (typeof v === 'string') domainRealm.set(domain.toLowerCase(), v);
  }
  return { path, defaultRealm: first(p.get('libdefaults'), 'default_realm'), kdcs, domainRealm };
}

/** KRB5_CONFIG (first of a colon list that exists) or /etc/krb5.conf; an empty config when there is none. */
export function loadKrb5Conf(path?: string): Krb5Conf {
  const candidates = path ? [path] : (process.env.KRB5_CONFIG ?? '/etc/krb5.conf').split(':');
  for (const c of candidates) {
    let text: string;
    try {
      text = readFileSync(c, 'utf8');
    } catch (e) {
      if (path) throw new KerberosError('KRB_CONFIG', `cannot read the Kerberos configuration ${c}`, { cause: e, hint: 'check the path given for krb5.conf' });
      continue;
    }
    return parseKrb5Conf(text, c);
  }
  return { kdcs: new Map(), domainRealm: new Map() };
}

/** The realm a host belongs to by [domain_realm]: the exact host first, then the longest matching `.domain`. */
export function realmOfHost(conf: Krb5Conf, host: string): string | undefined {
  const h = host.toLowerCase();
  const exact = conf.domainRealm.get(h);
  if (exact) return exact;
  for (let i = h.indexOf('.'); i >= 0; i = h.indexOf('.', i + 1)) {
    const r = conf.domainRealm.get(h.slice(i)) ?? conf.domainRealm.get(h.slice(i + 1));
    if (r) return r;
  }
  return undefined;
}

export function kdcsFor(conf: Krb5Conf, realm: string): string[] {
  const list = conf.kdcs.get(realm);
  if (!list?.length) {
    throw new KerberosError('KRB_CONFIG', `no KDC known for the realm ${realm}`, {
      hint: `add "[realms] ${realm} = { kdc = <dc>:88 }" to ${conf.path ?? 'krb5.conf'}, or point KRB5_CONFIG at a krb5.conf that has it (winbook, like kinit, does no DNS look-up for KDCs)`,
    });
  }
  return list;
}
