/**
 * The two sides of the differential template check (test/interop/template-differential.test.ts): the cases of
 * test/fixtures/templates/differential.yml expanded to expressions, Ansible 2.14's Templar rendering them in one
 * Python process (templar_oracle.py), winbook rendering them, both as Python-typed values.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PyFloat, floatRepr, isNativeText, renderString, staticCheck } from '../../src/template/index.ts';
import { isMapping, isTuple } from '../../src/template/python.ts';
import { pyEntries } from '../../src/util/dict-order.ts';

export const DIR = fileURLToPath(new URL('../fixtures/templates/', import.meta.url));
export const ORACLE = fileURLToPath(new URL('../interop/templar_oracle.py', import.meta.url));
export const ENV = { WINBOOK_CORPUS: 'corpus-value' };

export interface Cases {
  inputs: Record<string, string>;
  filters: Record<string, string[]>;
  tests: Record<string, string[]>;
  extra: string[];
}
export type Tagged = [string, unknown];
export interface Result {
  value?: Tagged;
  error?: string;
  refused?: string;
}

export function expand(c: Cases): string[] {
  const out: string[] = [];
  const inputs = Object.values(c.inputs);
  for (const [name, argLists] of Object.entries(c.filters)) for (const a of argLists) for (const i of inputs) out.push(`{{ ${i} | ${name}${a} }}`);
  for (const [name, argLists] of Object.entries(c.tests)) {
    for (const a of argLists) {
      for (const i of inputs) {
        // `x is ==(1)` is no Jinja2 syntax: an operator-named test is reached through select.
        if (/^\w+$/.test(name)) out.push(`{{ ${i} is ${name}${a} }}`);
        else out.push(`{{ [${i}] | select('${name}'${a === '' ? '' : ', ' + a.slice(1, -1)}) | list }}`);
      }
    }
  }
  return [...out, ...c.extra];
}

/** A value as templar_oracle.py tags Python's. */
export function tag(v: unknown, depth = 0): Tagged {
  if (depth > 50) return ['deep', null];
  if (isNativeText(v)) return ['text', v.valueOf()];
  if (v instanceof PyFloat) return ['float', floatRepr(v.valueOf())];
  if (v === null || v === undefined) return ['none', null];
  if (typeof v === 'boolean') return ['bool', v];
  if (typeof v === 'number') return Number.isInteger(v) ? ['int', v] : ['float', floatRepr(v)];
  if (typeof v === 'string') return ['str', v];
  if (Array.isArray(v)) return [isTuple(v) ? 'tuple' : 'list', v.map((x) => tag(x, depth + 1))];
  if (isMapping(v)) return ['dict', pyEntries(v).map(([k, x]) => [tag(k), tag(x, depth + 1)])];
  return ['other', String(v)];
}

/** A tagged value as text; dict entries stay in their order, which must be Python's (util/dict-order.ts). */
export function canonical(t: unknown): string {
  return JSON.stringify(t);
}

export function oracle(exprs: string[]): Result[] {
  const input = JSON.stringify({ basedir: DIR, vars_file: join(DIR, 'vars.yml'), exprs });
  const out = execFileSync('/usr/bin/python3', [ORACLE], { input, encoding: 'utf8', env: { ...process.env, ...ENV }, maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out) as Result[];
}

export function ours(expr: string, vars: Record<string, unknown>): Result {
  const problem = staticCheck(expr);
  if (problem) return { refused: problem.message };
  const saved = { ...process.env };
  Object.assign(process.env, ENV);
  try {
    return { value: tag(renderString(expr, vars, { baseDir: DIR })) };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    for (const k of Object.keys(ENV)) if (!(k in saved)) delete process.env[k];
  }
}

export const show = (r: Result): string => (r.refused !== undefined ? `refused: ${r.refused}` : r.error !== undefined ? `error: ${r.error}` : canonical(r.value));

export async function loadCases(): Promise<{ cases: Cases; exprs: string[]; vars: Record<string, unknown> }> {
  const cases = parse(await readFile(join(DIR, 'differential.yml'), 'utf8')) as Cases;
  const vars = parse(await readFile(join(DIR, 'vars.yml'), 'utf8')) as Record<string, unknown>;
  return { cases, exprs: expand(cases), vars };
}
