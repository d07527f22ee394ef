/**
 * Interop, differential: every filter and test winbook has, over a set of inputs and each filter's argument lists
 * (test/fixtures/templates/differential.yml), rendered by Ansible 2.14's own Templar in one Python process
 * (templar_oracle.py) and by winbook's renderString. They must agree in value and in Python type — int against
 * float (1 ≠ 1.0), str against NativeJinjaText, list against tuple — as Ansible's convert_data leaves them; or
 * both fail; or winbook refuses the expression at load (staticCheck), which is never a silent difference.
 * The oracle is first checked against ansible-playbook itself on a sample, so it is a faithful one.
 */
import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { plainValue, stringifyFloats } from '../../src/template/index.ts';
import { env } from '../../src/template/environment.ts';
import { isMapping } from '../../src/template/python.ts';
import { type Cases, DIR, ENV, loadCases, oracle, ours, type Result, show, type Tagged, canonical } from '../helpers/template-differential.ts';
import { ansibleJson, hasAnsible } from '../helpers/ansible-oracle.ts';

/** The reasons winbook gives when Ansible makes a value it cannot hold (refused with the reason, never approximated). */
const RUN_TIME_REFUSAL = /winbook does not reproduce it|winbook has no date values|winbook cannot hold|winbook's mappings have text keys|winbook has no such value|winbook keeps every key as text and cannot tell which/;

describe.skipIf(!hasAnsible)('every filter and test agrees with Ansible 2.14 (differential)', () => {
  let cases: Cases;
  let exprs: string[] = [];
  let vars: Record<string, unknown> = {};
  let theirs: Result[] = [];

  beforeAll(async () => {
    ({ cases, exprs, vars } = await loadCases());
    theirs = oracle(exprs);
  }, 120_000);

  it('lists every filter and test winbook has', () => {
    const table = env as unknown as { filters: Record<string, unknown>; tests: Record<string, unknown> };
    expect(Object.keys(table.filters).filter((f) => !Object.hasOwn(cases.filters, f))).toEqual([]);
    expect(Object.keys(table.tests).filter((t) => !Object.hasOwn(cases.tests, t))).toEqual([]);
    expect(theirs).toHaveLength(exprs.length);
  });

  it('renders each case as Ansible does, fails where it fails, or refuses it at load', () => {
    const diffs: string[] = [];
    let refused = 0;
    const refusedAtRun: string[] = [];
    // Both fail, but winbook's reason is not in Ansible's message (Ansible often fails earlier, on another cause).
    const otherText: string[] = [];
    exprs.forEach((expr, i) => {
      const a = theirs[i] as Result;
      const o = ours(expr, vars);
      if (o.refused !== undefined) {
        refused++;
        return;
      }
      // A Python set prints in an order Python picks per run, and a date from from_yaml is a value winbook has no
      // type for: winbook fails with the reason instead of making one up.
      if (a.error === undefined && o.error !== undefined && RUN_TIME_REFUSAL.test(o.error)) {
        refusedAtRun.push(expr);
        return;
      }
      if (a.error !== undefined) {
        if (o.error === undefined) diffs.push(`${expr}\n    Ansible fails: ${a.error}\n    winbook gives: ${show(o)}`);
        else if (!a.error.includes(o.error.replace(/^error rendering .*?: /s, ''))) otherText.push(expr);
        return;
      }
      if (canonical(a.value) !== canonical(o.value)) diffs.push(`${expr}\n    Ansible: ${show(a)}\n    winbook: ${show(o)}`);
    });
    expect(diffs.join('\n')).toBe('');
    // Refusing at load is never silent, but a check that refused most cases would compare nothing.
    expect(refused).toBeLessThan(exprs.length / 10);
    expect(refusedAtRun.length).toBeLessThan(20);
    // A ratchet: 615 when first measured; 199 (of ~2,800 cases where both fail, 38 inputs) once the result tests,
    // dictsort, length and dict2items took Ansible's texts; 236 with the dicts with integer-like keys, the Unicode digits, -0.0 and 1e-7 as inputs.
    expect(otherText.length).toBeLessThanOrEqual(236);
  }, 120_000);

  it('the oracle gives what ansible-playbook gives, on a sample of the corpus and of these cases', async () => {
    const corpus = (parse(await readFile(join(DIR, 'expressions.yml'), 'utf8')) as unknown[]).filter((e): e is string => typeof e === 'string');
    const sample = [...corpus.filter((_e, i) => i % 12 === 0), ...exprs.filter((_e, i) => i % 400 === 0)];
    const dir = await mkdtemp(join(tmpdir(), 'winbook-diff-'));
    // lookup('file') and friends resolve next to the playbook: give the generated one the fixture files.
    for (const f of ['files', 'templates', 'creds', 'hosts.txt']) await symlink(join(DIR, f), join(dir, f));
    const tasks = sample.map((expr) => ({ 'ansible.builtin.debug': { msg: expr }, ignore_errors: true }));
    // In Python's dict order: vars.yml's dicts with integer-like keys keep the order written.
    await writeFile(join(dir, 'sample.yml'), stringifyFloats([{ hosts: 'localhost', gather_facts: false, vars, tasks }], 1));
    const played = (ansibleJson(dir, 'sample.yml', { env: ENV }).plays[0]?.tasks ?? []).map((t) => t.hosts.localhost ?? {});
    const mine = oracle(sample);
    expect(played).toHaveLength(sample.length);
    const diffs: string[] = [];
    sample.forEach((expr, i) => {
      const p = played[i] as { msg?: unknown; failed?: boolean };
      const m = mine[i] as Result;
      if ((p.failed === true) !== (m.error !== undefined)) diffs.push(`${expr}: playbook ${p.failed ? 'failed' : 'ran'}, oracle ${m.error ?? 'ran'}`);
      else if (!p.failed && JSON.stringify(plainValue(untag(m.value as Tagged))) !== JSON.stringify(p.msg, sortedKeys(p.msg))) {
        diffs.push(`${expr}: playbook ${JSON.stringify(p.msg)}, oracle ${show(m)}`);
      }
    });
    expect(diffs).toEqual([]);
  }, 120_000);
});

/** The JSON value of a tagged Python value, with sorted keys, as the json callback prints it. */
function untag(t: Tagged): unknown {
  const [type, v] = t;
  if (type === 'float') return Number(v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'nan' ? NaN : v);
  if (type === 'list' || type === 'tuple') return (v as Tagged[]).map(untag);
  if (type === 'dict') return Object.fromEntries((v as [Tagged, Tagged][]).map(([k, x]): [string, unknown] => [String(untag(k)), untag(x)]).sort(([a], [b]) => (a < b ? -1 : 1)));
  return v;
}

function sortedKeys(_root: unknown): (k: string, x: unknown) => unknown {
  return (_k, x) => (isMapping(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x);
}
