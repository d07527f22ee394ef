import { describe, expect, it, vi } from 'vitest';
import type { ControllerContext } from '../../../src/modules/types.ts';

// The real evaluateCondition is the template engine's; here a stand-in that understands `name == 'value'`,
// bare names and booleans is enough to test what assert does with the outcome.
const evaluateCondition = vi.fn((expr: string | boolean, vars: Record<string, unknown>): boolean => {
  if (typeof expr === 'boolean') return expr;
  const m = /^(\w+) == '([^']*)'$/.exec(expr);
  if (m) return vars[m[1] as string] === m[2];
  return Boolean(vars[expr]);
});
vi.mock('../../../src/template/index.ts', () => ({ evaluateCondition }));

const { debug, lookupPath, UNDEFINED_TEXT } = await import('../../../src/modules/debug/index.ts');
const { setFact } = await import('../../../src/modules/set_fact/index.ts');
const { assert } = await import('../../../src/modules/assert/index.ts');
const { fail } = await import('../../../src/modules/fail/index.ts');

const ctx = (vars: Record<string, unknown> = {}): ControllerContext => ({ host: 'win1', check: false, diff: false, vars });

describe('debug', () => {
  it('prints Hello world! by default', async () => {
    expect(await debug.run!(debug.schema.parse({}), ctx())).toEqual({ changed: false, msg: 'Hello world!' });
  });
  it('prints msg', async () => {
    expect(await debug.run!(debug.schema.parse({ msg: 'hi' }), ctx())).toEqual({ changed: false, msg: 'hi' });
  });
  it('shows a variable by name, dotted path or index', async () => {
    const vars = { svc: { name: 'QlikSenseProxyService', deps: ['a', 'b'] } };
    expect(await debug.run!(debug.schema.parse({ var: 'svc.name' }), ctx(vars))).toEqual({ changed: false, 'svc.name': 'QlikSenseProxyService' });
    expect(await debug.run!(debug.schema.parse({ var: 'svc' }), ctx(vars))).toEqual({ changed: false, svc: vars.svc });
    expect(lookupPath(vars, 'svc.deps[1]')).toBe('b');
    expect(lookupPath(vars, "svc['name']")).toBe('QlikSenseProxyService');
  });
  it('says a missing variable is not defined, as Ansible does', async () => {
    expect(await debug.run!(debug.schema.parse({ var: 'nope.x' }), ctx())).toEqual({ changed: false, 'nope.x': UNDEFINED_TEXT });
  });
  it('rejects msg together with var, and unknown arguments', () => {
    const r = debug.schema.safeParse({ msg: 'a', var: 'b' });
    expect(r.error?.issues[0]?.message).toBe("'msg' and 'var' are incompatible options");
    expect(debug.schema.safeParse({ mesage: 'a' }).success).toBe(false);
  });
});

describe('set_fact', () => {
  it('returns the facts, dropping cacheable', async () => {
    const args = setFact.schema.parse({ a: 1, b: { c: [1] }, cacheable: true });
    expect(await setFact.run!(args, ctx())).toEqual({ changed: false, ansible_facts: { a: 1, b: { c: [1] } } });
  });
  it('rejects invalid variable names and an empty call', () => {
    const r = setFact.schema.safeParse({ 'bad-name': 1 });
    expect(r.error?.issues[0]?.message).toBe("The variable name 'bad-name' is not valid");
    expect(setFact.schema.safeParse({}).success).toBe(false);
  });
});

describe('assert', () => {
  it('passes when every condition holds', async () => {
    const args = assert.schema.parse({ that: ["state == 'running'", 'ok', true] });
    expect(await assert.run!(args, ctx({ state: 'running', ok: true }))).toEqual({ _ansible_verbose_always: true, changed: false, msg: 'All assertions passed' });
    expect(evaluateCondition).toHaveBeenCalledWith("state == 'running'", { state: 'running', ok: true });
  });
  it('fails on the first false condition with fail_msg (or msg)', async () => {
    const vars = { state: 'stopped' };
    const r = await assert.run!(assert.schema.parse({ that: ["state == 'running'"], fail_msg: 'not running' }), ctx(vars));
    expect(r).toEqual({ _ansible_verbose_always: true, changed: false, failed: true, assertion: "state == 'running'", evaluated_to: false, msg: 'not running' });
    const r2 = await assert.run!(assert.schema.parse({ that: "state == 'running'", msg: 'old style' }), ctx(vars));
    expect(r2.msg).toBe('old style');
    const r3 = await assert.run!(assert.schema.parse({ that: 'missing' }), ctx(vars));
    expect(r3.msg).toBe('Assertion failed');
  });
  it('uses success_msg and requires that', async () => {
    expect(await assert.run!(assert.schema.parse({ that: true, success_msg: 'fine' }), ctx())).toEqual({ _ansible_verbose_always: true, changed: false, msg: 'fine' });
    // quiet: the action leaves the result to the usual verbosity.
    expect(await assert.run!(assert.schema.parse({ that: true, quiet: true }), ctx())).toEqual({ changed: false, msg: 'All assertions passed' });
    expect(assert.schema.safeParse({ fail_msg: 'x' }).success).toBe(false);
    expect(assert.schema.safeParse({ that: [] }).success).toBe(false);
  });
});

describe('fail', () => {
  it('fails with the default or given message', async () => {
    expect(await fail.run!(fail.schema.parse({}), ctx())).toEqual({ changed: false, failed: true, msg: 'Failed as requested from task' });
    expect(await fail.run!(fail.schema.parse({ msg: 'stop' }), ctx())).toMatchObject({ failed: true, msg: 'stop' });
  });
});
