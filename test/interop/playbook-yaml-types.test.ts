/**
 * A playbook's YAML scalars get PyYAML's types, as ansible-playbook reads them (issue 14: `y`/`n` stayed strings
 * there while winbook read booleans). Play vars and a vars_files file, each printed with to_json and type_debug by
 * both tools. Skipped when ansible-playbook is not installed (.ci/run installs it).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus, runPlaybook, type RunEvent } from '../../src/engine/index.ts';
import { loadInventory } from '../../src/inventory/index.ts';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { parseAllExtraVars } from '../../src/cli/extra-vars.ts';
import { parseFloats, PyFloat } from '../../src/template/index.ts';
import { ANSIBLE_PLAYBOOK, ansibleJson, hasAnsible, winbookEvents } from '../helpers/ansible-oracle.ts';

// Scalars whose YAML 1.1 reading differs between PyYAML and the `yaml` package's defaults, and a few controls.
const SCALARS: Record<string, string> = {
  y: 'y', n: 'n', cap_y: 'Y', cap_n: 'N', yes: 'yes', no: 'No', on: 'ON', off: 'off', tru: 'True', mixed: 'tRue',
  exp: '1e3', exp_dot: '1.5e3', dec: '2.5', whole: '1.0', dot: '2.', exp_whole: '1.5e+3', sexa_float: '1:30.0', int: '42', under: '1_000', hex: '0x1F', oct: '0644', eight: '08',
  date: '2024-01-01', tilde: '~', word: 'hello',
};

function yamlVars(prefix: string, indent: string): string {
  return Object.entries(SCALARS).map(([k, v]) => `${indent}${prefix}${k}: ${v}\n`).join('');
}

const names = (prefix: string) => Object.keys(SCALARS).map((k) => prefix + k);
const show = (prefix: string) => `{{ {${names(prefix).map((n) => `'${n}': [${n} | type_debug, ${n} | string]`).join(', ')}} | to_json }}`;

describe.runIf(hasAnsible)('playbook YAML scalars are typed as ansible-playbook types them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'winbook-yaml-types-'));
  writeFileSync(join(dir, 'vars.yml'), yamlVars('f_', ''));
  writeFileSync(
    join(dir, 'pb.yml'),
    `- hosts: localhost\n  gather_facts: false\n  vars_files: [vars.yml]\n  vars:\n${yamlVars('p_', '    ')}  tasks:\n` +
      `    - debug:\n        msg: "${show('p_')}"\n    - debug:\n        msg: "${show('f_')}"\n`,
  );

  it('play vars and vars_files: the same type and text for every scalar', async () => {
    const ref = ansibleJson(dir, 'pb.yml').plays[0]!.tasks.map((t) => t.hosts.localhost?.msg);
    const { events } = await winbookEvents(dir, 'pb.yml');
    const ours = events.filter((e): e is Extract<RunEvent, { type: 'host.result' }> => e.type === 'host.result').map((e) => (e.result as { msg?: unknown }).msg);
    const parse = (m: unknown) => (typeof m === 'string' ? (JSON.parse(m) as unknown) : m);
    // Ansible names a YAML string's type AnsibleUnicode. Known differences, listed in docs/compatibility.md: a
    // date is a Python date there and its text here (same text, type_debug 'date' against 'str'). Whole-valued
    // floats (1.0, 1.5e+3) are floats in both (PyFloat here).
    const normalised = (m: unknown) => {
      const o = structuredClone(parse(m)) as Record<string, [string, string]>;
      for (const k of Object.keys(o)) {
        if (o[k]![0] === 'AnsibleUnicode') o[k] = ['str', o[k]![1]];
        if (k.endsWith('_date') && o[k]![0] === 'date') o[k] = ['str', o[k]![1]];
      }
      return o;
    };
    expect(ours.map(normalised)).toEqual(ref.map(normalised));
  });
});

/**
 * A whole-valued float written in YAML (`1.0`, `2.`, `1.0e+2`, `1:30.0`) is a Python float wherever Ansible reads
 * YAML, and prints `1.0`, not `1` (issue 14). Both tools' results are read keeping `1.0` apart from `1`
 * (parseFloats: Ansible's json callback writes json.dumps' `1.0`; winbook's results hold PyFloats), so every
 * msg below would differ if winbook read the YAML float as the JS number 1.
 */
const FLOAT_EXPRESSIONS = [
  '{{ v }}', '{{ v + 1 }}', '{{ v | int }}', '{{ v | string }}', '{{ v is float }}', '{{ v is number }}', '{{ v | type_debug }}',
  '{{ [v] }}', "{{ {'a': v} }}", '{{ v | to_json }}', '{{ v == 1 }}', '{{ v | float }}', '{{ v * 2 }}', "{{ {v: 'k'} }}", '{{ [v] | to_json }}',
  '{{ v }} and {{ w }}',
];
const FLOAT_SOURCES = ['inv_f', 'gv_f', 'hv_f', 'vf_f', 'pv_f', 'rd_f', 'rv_f', 'tv_f', 'iv_f', 'ev_f', 'ej_f', 'dot_f', 'exp_f', 'sex_f'];

function writeFloatPlaybook(dir: string): void {
  const w = (p: string, text: string) => {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  };
  w('inventory/hosts.yml', 'all:\n  hosts:\n    localhost:\n      ansible_connection: local\n      inv_f: 1.0\n      dot_f: 2.\n      exp_f: 1.0e+2\n      sex_f: 1:30.0\n');
  w('inventory/group_vars/all.yml', 'gv_f: 3.0\n');
  w('inventory/host_vars/localhost.yml', 'hv_f: 4.0\n');
  w('vars.yml', 'vf_f: 5.0\n');
  w('included.yml', 'iv_f: 6.0\n');
  w('extra.yml', 'ev_f: 7.0\n');
  w('roles/r/defaults/main.yml', 'rd_f: 8.0\n');
  w('roles/r/vars/main.yml', 'rv_f: 9.0\n');
  w('roles/r/tasks/main.yml', '- debug:\n    msg: "{{ [rd_f, rv_f] }}"\n');
  const show = FLOAT_SOURCES.map((s) => `'${s}': ${s}`).join(', ');
  const tasks = [
    '    - include_vars: included.yml',
    // Every source, each as the bare variable (Templar's fast path keeps the float) and printed inside a dict.
    ...FLOAT_SOURCES.map((s) => `    - debug:\n        msg: "{{ ${s} }}"`),
    `    - debug:\n        msg: "{{ {${show}} }}"`,
    `    - debug:\n        msg: "{{ {${show}} | to_json }}"`,
    ...FLOAT_EXPRESSIONS.map((e) => `    - debug:\n        msg: "${e}"\n      vars:\n        v: 1.0\n        w: 2.0`),
    // Module arguments written as floats, a debug var=, set_fact (templated and literal), register, a loop item.
    '    - debug:\n        msg: 1.0',
    '    - debug:\n        msg: [1.0, 2, {k: 3.0}]',
    '    - debug:\n        var: tv_f',
    '    - set_fact:\n        sf_t: "{{ inv_f }}"\n        sf_l: 10.0\n        sf_d: {k: 11.0}',
    '    - debug:\n        msg: "{{ [sf_t, sf_l, sf_d, sf_t | type_debug] }}"',
    '    - debug:\n        msg: "{{ inv_f }}"\n      register: reg',
    '    - debug:\n        msg: "{{ [reg.msg, reg.msg | type_debug] }}"',
    '    - debug:\n        msg: "{{ item }}"\n      loop: [12.0, 13]',
    '    - debug:\n        msg: "{{ [ek, ek | type_debug] }}"',
  ];
  w('pb.yml', `- hosts: all\n  gather_facts: false\n  vars_files: [vars.yml]\n  roles: [r]\n  vars:\n    pv_f: 14.0\n    tv_f: 0.0\n  tasks:\n${tasks.join('\n').replace(/tv_f }}"\n/, 'tv_f }}"\n      vars:\n        tv_f: 15.0\n')}\n`);
}

/** The json callback's host result, reduced to what the task printed: its msg, its items' msgs, or debug var's value. */
function shown(h: Record<string, unknown>): unknown {
  if (Array.isArray(h.results)) return (h.results as Record<string, unknown>[]).map((r) => r.msg);
  if ('msg' in h) return h.msg;
  const keys = Object.keys(h).filter((k) => !k.startsWith('_ansible') && !['action', 'changed', 'failed', 'ansible_facts', 'skipped'].includes(k));
  return keys.length ? Object.fromEntries(keys.map((k) => [k, h[k]])) : h.ansible_facts;
}

describe.runIf(hasAnsible)('YAML floats stay floats, as ansible-playbook keeps them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'winbook-yaml-floats-'));
  writeFloatPlaybook(dir);

  it('inventory, group_vars, host_vars, vars_files, play/task/role vars, include_vars, -e @file, -e JSON and module args print 1.0', async () => {
    const out = execFileSync(ANSIBLE_PLAYBOOK, ['-i', 'inventory/hosts.yml', 'pb.yml', '-e', '@extra.yml', '-e', '{"ej_f": 16.0}', '-e', 'ek=1.0'], {
      cwd: dir, env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1' }, encoding: 'utf8',
    });
    const json = parseFloats(out) as { plays: { tasks: { hosts: { localhost: Record<string, unknown> } }[] }[] };
    const ref = json.plays[0]!.tasks.map((t) => shown(t.hosts.localhost));

    const pb = await loadPlaybook(join(dir, 'pb.yml'));
    const inv = await loadInventory([join(dir, 'inventory/hosts.yml')]);
    const bus = new EventBus();
    const events: RunEvent[] = [];
    bus.on((e) => events.push(e));
    await runPlaybook(pb, inv, {
      forks: 1, check: false, diff: false, extraVars: parseAllExtraVars(['@' + join(dir, 'extra.yml'), '{"ej_f": 16.0}', 'ek=1.0']) ?? {}, sleep: async () => undefined,
      connect: () => {
        throw new Error('controller-only playbook must not connect');
      },
    }, bus);
    const ours: unknown[] = [];
    let items: unknown[] = [];
    for (const e of events) {
      if (e.type !== 'host.result') continue;
      if (e.item !== undefined) items.push(e.result.msg);
      else {
        ours.push(items.length ? items : shown(e.result as Record<string, unknown>));
        items = [];
      }
    }
    expect(ref.length).toBe(2 + FLOAT_SOURCES.length + 2 + FLOAT_EXPRESSIONS.length + 9);
    expect(ours).toStrictEqual(ref);
    // Spot checks, so the comparison above is known to be about floats: Ansible's own values.
    expect(ref[2]).toStrictEqual(new PyFloat(1));
    expect(ref[0]).toStrictEqual([new PyFloat(8), new PyFloat(9)]);
    expect(ref).toContainEqual('1.0');
  }, 120_000);
});
