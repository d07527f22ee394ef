import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { plainValue, renderString } from '../../../src/template/index.ts';
import { parsePyLiteral } from '../../../src/template/py-literal.ts';
import { floatRepr, isFloat, PyFloat } from '../../../src/template/py-float.ts';

// Python's float repr, printed by python3 itself for the same numbers (test/interop/ansible-templates.test.ts
// compares the template cases with ansible-playbook).
describe('floatRepr', () => {
  const numbers = [5, 0.1, 1e16, 1e15, 123456789012345.6, 1.5e-5, 0.0001, 0.00012, -2.5, 1e300, 2 ** 60, -0, 0, 1 / 3, 1e-7, 12.0];
  it('prints each number as python3 repr(float(x)) does', () => {
    const python = execFileSync('python3', ['-c', `import sys,json\nfor x in json.loads(sys.argv[1]): print(repr(float(x)))`, JSON.stringify(numbers)], { encoding: 'utf8' })
      .trim()
      .split('\n');
    // JSON cannot carry -0: python prints 0.0 for it; floatRepr prints Python's -0.0.
    expect(numbers.map((n) => (Object.is(n, -0) ? floatRepr(0) : floatRepr(n)))).toEqual(python);
    expect(floatRepr(-0)).toBe('-0.0');
    expect([floatRepr(Infinity), floatRepr(-Infinity), floatRepr(NaN)]).toEqual(['inf', '-inf', 'nan']);
  });
});

describe('whole-valued floats in templates', () => {
  it('are PyFloats inside, numbers outside (plainValue)', () => {
    const list = renderString('{{ [10 / 2, 3] }}', {}) as unknown[];
    expect(list[0]).toBeInstanceOf(PyFloat);
    expect(isFloat(list[0])).toBe(true);
    expect(isFloat(list[1])).toBe(false);
    expect(plainValue(list)).toEqual([5, 3]);
  });

  it('are read back as floats by literal_eval, and keep their kind through set_fact-style reuse', () => {
    const v = parsePyLiteral('[5.0, -2.0, 5]')?.value as unknown[];
    expect(v.map((x) => isFloat(x))).toEqual([true, true, false]);
    expect(renderString('{{ x[0] }} {{ x[1] }} {{ x[2] }}', { x: v })).toBe('5.0 -2.0 5');
    expect(String(renderString('{{ x | to_json }}', { x: v }))).toBe('[5.0, -2.0, 5]');
  });

  it('compare, index and count as numbers', () => {
    const vars = { f: new PyFloat(2) };
    expect(renderString('{{ f == 2 and f < 3 and f in [2] }}', vars)).toBe(true);
    expect(renderString("{{ ['a', 'b', 'c'][f | int] }}", vars)).toBe('c');
    expect(renderString('{{ range(f | int) | list }}', vars)).toEqual([0, 1]);
    expect(renderString('{{ f }}', vars)).toBeInstanceOf(PyFloat);
  });
});
