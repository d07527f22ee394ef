/**
 * pyyaml-dump.ts against the real thing: generated strings and values are dumped by one /usr/bin/python3 (the
 * Python ansible-playbook runs, PyYAML with libyaml) with Ansible's own AnsibleDumper and arguments, and by
 * pyyamlDump; the texts must be identical byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumpOptions, pyyamlDump } from '../../../src/template/pyyaml-dump.ts';
import { implicitTag } from '../../../src/template/yaml-resolver.ts';
import { pyFloat } from '../../../src/template/py-float.ts';
import { renderString } from '../../../src/template/index.ts';

const PYTHON = '/usr/bin/python3';
const hasAnsiblePython = existsSync(PYTHON) && (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import ansible.parsing.yaml.dumper']);
    return true;
  } catch {
    return false;
  }
})();
if (!hasAnsiblePython && process.env.CI) throw new Error('/usr/bin/python3 with ansible is required in CI');

// to_yaml and to_nice_yaml exactly as ansible/plugins/filter/core.py calls yaml.dump.
const SCRIPT = String.raw`
import json, sys, yaml
from ansible.parsing.yaml.dumper import AnsibleDumper
def hook(d):
    return float(d['__float__']) if '__float__' in d else d
out = []
for c in json.load(sys.stdin, object_hook=hook):
    kw = c['kw']
    try:
        if c['filter'] == 'to_yaml':
            dfs = kw.pop('default_flow_style', None)
            out.append(yaml.dump(c['value'], Dumper=AnsibleDumper, allow_unicode=True, default_flow_style=dfs, **kw))
        else:
            ind = kw.pop('indent', 4)
            out.append(yaml.dump(c['value'], Dumper=AnsibleDumper, indent=ind, allow_unicode=True, default_flow_style=False, **kw))
    except Exception as e:
        out.append({'error': str(e)})
print(json.dumps(out))
`;

type Filter = 'to_yaml' | 'to_nice_yaml';
interface Case {
  filter: Filter;
  value: unknown;
  kw: Record<string, unknown>;
}

/** A value as JSON for the script: whole floats and inf/nan as {"__float__": text}. */
function wire(v: unknown): unknown {
  if (v instanceof Number) return { __float__: String(v.valueOf()) + (Number.isInteger(v.valueOf()) ? '.0' : '') };
  if (typeof v === 'number' && !Number.isFinite(v)) return { __float__: String(v).replace('Infinity', 'inf') };
  if (Array.isArray(v)) return v.map(wire);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wire(x)]));
  return v;
}

function python(cases: Case[]): (string | { error: string })[] {
  const input = JSON.stringify(cases.map((c) => ({ ...c, value: wire(c.value) })));
  return JSON.parse(execFileSync(PYTHON, ['-c', SCRIPT], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as (string | { error: string })[];
}

function ours(c: Case): string {
  return pyyamlDump(c.value, dumpOptions(c.filter, c.kw), c.filter);
}

// A seeded generator (mulberry32), so a failure names a case that comes back.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  ...'abcxyzABC0123456789', ' ', ' ', ' ', '  ', '\n', '\n\n', '\t', '\r', '\r\n', ':', ': ', ' :', '#', ' #', '-', '- ', '---', '...', '?', '? ',
  ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '\\', '~', '=', '<<', '.', '_', '+', 'e', 'E', '0x', '0b', '0o',
  'yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', 'null', 'Null', '~', '1.0', '.5', '1e3', '1.5e+3', '.inf', '-.Inf', '.NaN', '1:30',
  '2024-01-01', '2001-12-14t21:59:43.10-05:00', '007', '0777', '1_000', 'é', 'ü', '€', '中文', '😀', '\u0085', '\u2028', '\u2029', '\ufeff',
  '\u00a0', '\x00', '\x07', '\x1b', '\x7f', '\x9f', '\ue000', '\ufffd', '\ufffe', 'word ', 'longerword ', 'C:\\Windows\\System32 ',
];

/** A string; never one that reads as a timestamp, which pyyamlDump refuses (see the refusals below). */
function genString(r: () => number): string {
  for (;;) {
    const n = r() < 0.15 ? Math.floor(r() * 60) + 20 : Math.floor(r() * 10);
    let s = '';
    for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
    if (implicitTag(s) !== 'timestamp') return s;
  }
}

function genKey(r: () => number): string {
  for (;;) {
    const k = r() < 0.5 ? Array.from(genString(r)).slice(0, 20).join('') : ['name', 'port', 'path', 'enabled', 'x', 'Zeta', 'alpha', 'é', '😀', 'ü'][Math.floor(r() * 10)] as string;
    const tag = implicitTag(k);
    if (tag === undefined || tag === 'merge' || tag === 'value') return k;
  }
}

function genValue(r: () => number, depth: number): unknown {
  const x = r();
  if (depth > 3 || x < 0.45) {
    const y = r();
    if (y < 0.5) return genString(r);
    if (y < 0.6) return Math.floor(r() * 2000) - 1000;
    if (y < 0.7) return [pyFloat(1), pyFloat(-2), 0.5, 1e16, 1.5e-7, 123456.789, Infinity, -Infinity, NaN, pyFloat(0)][Math.floor(r() * 10)];
    if (y < 0.8) return r() < 0.5;
    if (y < 0.9) return null;
    return '';
  }
  const n = Math.floor(r() * 5);
  if (x < 0.7) return Array.from({ length: n }, () => genValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) o[genKey(r)] = genValue(r, depth + 1);
  return o;
}

const KWARGS: Record<string, unknown>[] = [
  {}, {}, { width: 20 }, { width: 40, indent: 3 }, { indent: 2 }, { indent: 8 }, { explicit_start: true }, { explicit_end: true }, { sort_keys: false },
  { width: -1 }, { width: 5 }, { indent: null, width: null }, { indent: 1 }, { indent: 12 }, { explicit_start: true, explicit_end: true, width: 0 },
];

describe.skipIf(!hasAnsiblePython)('to_yaml / to_nice_yaml against PyYAML with libyaml (AnsibleDumper)', () => {
  it('writes 4000 generated strings as Python does, with both filters', () => {
    const r = rng(14);
    const strings = Array.from({ length: 2000 }, () => genString(r));
    const cases: Case[] = strings.flatMap((s) => [
      { filter: 'to_yaml' as const, value: s, kw: {} },
      { filter: 'to_nice_yaml' as const, value: { key: s, list: [s, 'x'] }, kw: {} },
    ]);
    const want = python(cases);
    const diffs = cases.map((c, i) => ({ c, want: want[i], got: ours(c) })).filter((d) => d.want !== d.got);
    expect(diffs.slice(0, 5)).toEqual([]);
  });

  it('writes 1500 generated nested values as Python does, with keyword arguments', () => {
    const r = rng(2026);
    const cases: Case[] = Array.from({ length: 1500 }, (_, i) => ({
      filter: i % 2 ? 'to_nice_yaml' : 'to_yaml',
      value: genValue(r, 0),
      kw: { ...KWARGS[Math.floor(r() * KWARGS.length)], ...(i % 2 === 0 && r() < 0.2 ? { default_flow_style: r() < 0.5 } : {}) },
    }));
    const want = python(cases);
    const diffs = cases.map((c, i) => ({ c, want: want[i], got: ours(c) })).filter((d) => d.want !== d.got);
    expect(diffs.slice(0, 5)).toEqual([]);
  });
});

describe('to_yaml / to_nice_yaml refusals', () => {
  it('refuses a key winbook cannot type (int, bool, null, float, date text) instead of guessing', () => {
    for (const k of ['1', 'yes', 'null', '1.0', '2024-01-01', '']) {
      expect(() => ours({ filter: 'to_yaml', value: { [k]: 1 }, kw: {} })).toThrow(/reads as a YAML/);
    }
  });

  it('refuses a string that reads as a timestamp (a YAML date is a date in Ansible, its text in winbook)', () => {
    for (const v of ['2024-01-01', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 Z']) {
      expect(() => ours({ filter: 'to_nice_yaml', value: [v], kw: {} })).toThrow(/reads as a YAML timestamp/);
    }
    expect(ours({ filter: 'to_yaml', value: ['2024-01-01x', '2024-1-1'], kw: {} })).toBe('[2024-01-01x, 2024-1-1]\n');
  });

  it('refuses the same list or dict twice (Ansible anchors a repeated Python object; which are the same differs)', () => {
    const shared = { a: 1 };
    expect(() => ours({ filter: 'to_yaml', value: [shared, shared], kw: {} })).toThrow(/holds the same list or dict twice/);
    expect(() => ours({ filter: 'to_nice_yaml', value: { x: [[]], y: [] as unknown[] }, kw: {} })).not.toThrow();
  });

  it('refuses a keyword argument winbook does not have, and a second default_flow_style to to_nice_yaml', () => {
    expect(() => dumpOptions('to_yaml', { canonical: true })).toThrow(/keyword argument canonical/);
    expect(() => dumpOptions('to_nice_yaml', { default_flow_style: true })).toThrow(/keyword argument default_flow_style/);
  });

  it('refuses a value that holds a secret of the run', () => {
    const sink = new Set(['hunter2-secret']);
    const vars = { cfg: { pw: 'hunter2-secret' }, [Symbol.for('winbook.secretSink')]: { holds: (s: string) => [...sink].some((x) => s.includes(x)), add: (s: string) => sink.add(s) } };
    expect(() => renderString('{{ cfg | to_yaml }}', vars)).toThrow(/holds a secret/);
  });
});
