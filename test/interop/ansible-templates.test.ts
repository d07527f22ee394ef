/**
 * Interop: every expression of test/fixtures/templates/expressions.yml is rendered by Ansible itself (one
 * generated localhost playbook, a debug task per expression, the json callback) and by renderString; the two
 * must agree in value and type: Ansible 2.14 (jinja2_native off) turns a single-expression result into text
 * unless the template is a bare `{{ var }}` or the text reads as a list, dict or True/False, and so does winbook.
 * The json callback cannot tell NativeJinjaText from str, nor 2.0 from 2 once both are JSON numbers.
 */
import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateCondition, plainValue, renderString, stringifyFloats } from '../../src/template/index.ts';
import { str } from '../../src/template/python.ts';
import { ansibleJson, hasAnsible } from '../helpers/ansible-oracle.ts';

const DIR = fileURLToPath(new URL('../fixtures/templates/', import.meta.url));
const ENV = { WINBOOK_CORPUS: 'corpus-value' };

const available = hasAnsible;

interface Entry {
  expr: string;
  error: boolean;
  /** A bare `when:` condition instead of a template: compared by whether Ansible ran or skipped the task. */
  when?: string;
}
interface AnsibleResult {
  msg: unknown;
  failed: boolean;
  skipped: boolean;
}

async function corpus(): Promise<{ entries: Entry[]; vars: Record<string, unknown> }> {
  const raw = parse(await readFile(join(DIR, 'expressions.yml'), 'utf8')) as (string | { expr?: string; when?: string; error?: boolean })[];
  const entries = raw.map((e): Entry => {
    if (typeof e === 'string') return { expr: e, error: false };
    if (e.when !== undefined) return { expr: `when: ${e.when}`, when: e.when, error: e.error === true };
    return { expr: e.expr ?? '', error: e.error === true };
  });
  const vars = parse(await readFile(join(DIR, 'vars.yml'), 'utf8')) as Record<string, unknown>;
  return { entries, vars };
}

/** Runs all expressions through ansible-playbook once; results in corpus order. */
async function ansibleResults(entries: Entry[], vars: Record<string, unknown>): Promise<AnsibleResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'winbook-tpl-'));
  // lookup('file'/'template'/'password') resolve next to the playbook: give the generated one the fixture files.
  await symlink(join(DIR, 'files'), join(dir, 'files'));
  await symlink(join(DIR, 'templates'), join(dir, 'templates'));
  await symlink(join(DIR, 'creds'), join(dir, 'creds'));
  await symlink(join(DIR, 'hosts.txt'), join(dir, 'hosts.txt'));
  const tasks = entries.map((e) =>
    e.when !== undefined
      ? { 'ansible.builtin.debug': { msg: 'ran' }, when: e.when, ignore_errors: true }
      : { 'ansible.builtin.debug': { msg: e.expr }, ignore_errors: true },
  );
  // JSON is YAML: no quoting surprises between the corpus and the generated playbook. Written in Python's dict
  // order (dicts with integer-like keys keep the order of vars.yml).
  const play = [{ hosts: 'localhost', gather_facts: false, vars, tasks }];
  await writeFile(join(dir, 'corpus.yml'), stringifyFloats(play, 1));
  const out = ansibleJson(dir, 'corpus.yml', { env: ENV });
  return (out.plays[0]?.tasks ?? []).map((t) => {
    const h = t.hosts.localhost ?? {};
    return { msg: h.msg, failed: h.failed === true, skipped: h.skipped === true };
  });
}

function ours(e: Entry | string, vars: Record<string, unknown>): { value?: unknown; error?: string } {
  const saved = { ...process.env };
  Object.assign(process.env, ENV);
  try {
    if (typeof e !== 'string' && e.when !== undefined) return { value: evaluateCondition(e.when, vars, { baseDir: DIR }) };
    // The json callback shows a NativeJinjaText as its text (type_debug cases in the corpus tell it apart).
    return { value: plainValue(renderString(typeof e === 'string' ? e : e.expr, vars, { baseDir: DIR })) };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    for (const k of Object.keys(ENV)) if (!(k in saved)) delete process.env[k];
  }
}

/** JSON with sorted keys: the json callback sorts them, and key order carries no meaning here. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );
}

describe.skipIf(!available)('templates agree with Ansible', () => {
  let entries: Entry[] = [];
  let vars: Record<string, unknown> = {};
  let theirs: AnsibleResult[] = [];

  beforeAll(async () => {
    ({ entries, vars } = await corpus());
    theirs = await ansibleResults(entries, vars);
  }, 600_000);

  it('has at least 60 expressions, all run by Ansible', () => {
    expect(entries.length).toBeGreaterThanOrEqual(60);
    expect(theirs).toHaveLength(entries.length);
  });

  it('renders every expression to what Ansible renders', () => {
    const mismatches: string[] = [];
    entries.forEach((e, i) => {
      const a = theirs[i] as AnsibleResult;
      const o = ours(e, vars);
      if (e.error) {
        if (!a.failed) mismatches.push(`${e.expr}: Ansible did not fail (corpus says it should): ${JSON.stringify(a.msg)}`);
        if (o.error === undefined) mismatches.push(`${e.expr}: winbook did not fail, gave ${JSON.stringify(o.value)}`);
        return;
      }
      if (a.failed) mismatches.push(`${e.expr}: Ansible failed: ${str(a.msg)}`);
      else if (e.when !== undefined) {
        if (o.error !== undefined) mismatches.push(`${e.expr}: winbook failed: ${o.error}; Ansible ${a.skipped ? 'skipped' : 'ran'}`);
        else if (o.value !== !a.skipped) mismatches.push(`${e.expr}: winbook ${String(o.value)} ≠ Ansible ${a.skipped ? 'skipped' : 'ran'}`);
      }
      else if (o.error !== undefined) mismatches.push(`${e.expr}: winbook failed: ${o.error}; Ansible gave ${JSON.stringify(a.msg)}`);
      else if (canonical(o.value) !== canonical(a.msg)) {
        mismatches.push(`${e.expr}: winbook ${JSON.stringify(o.value)} ≠ Ansible ${JSON.stringify(a.msg)}`);
      }
    });
    expect(mismatches).toEqual([]);
  });

  it('reports variables that use each other as a recursive loop, as Ansible does, naming the chain', () => {
    const i = entries.findIndex((e) => e.expr === '{{ loop_a }}');
    expect(str(theirs[i]?.msg)).toContain('recursive loop detected in template string');
    expect(ours('{{ loop_a }}', vars).error).toMatch(/^recursive loop detected in template string: .*\(variables loop_a → loop_b → loop_a\)/);
  });

  it('names the undefined variable as Ansible does', () => {
    const i = entries.findIndex((e) => e.expr === '{{ missing }}');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(str(theirs[i]?.msg)).toContain("'missing' is undefined");
    expect(ours('{{ missing }}', vars).error).toContain("'missing' is undefined");
  });
});
