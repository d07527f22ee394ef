/**
 * Python's dict order on plain objects (src/util/dict-order.ts): recorded where a dict is made (YAML, JSON, the
 * helpers), kept by copies, followed by JSON written for the journal and for module arguments.
 */
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dictFromEntries, pyKeys, updated, withOrder } from '../../../src/util/dict-order.ts';
import { parseFloats, stringifyFloats } from '../../../src/template/py-float-json.ts';
import { encodeRequest } from '../../../src/agent/protocol.ts';
import '../../../src/util/limits.ts';

describe('Python dict order', () => {
  it('keeps the written order of integer-like keys where JavaScript would move them first', () => {
    const d = dictFromEntries([['10', 'a'], ['2', 'b'], ['x', 'c'], ['2', 'B']]);
    expect(Object.keys(d)).toEqual(['2', '10', 'x']);
    expect(pyKeys(d)).toEqual(['10', '2', 'x']);
    expect(d['2']).toBe('B');
  });

  it('survives a spread copy; a key added later goes last, a deleted one drops out', () => {
    const d = withOrder({ '10': 1, '2': 2 } as Record<string, number>, ['10', '2']);
    const copy: Record<string, number> = { ...d };
    copy['1'] = 3;
    delete copy['10'];
    expect(pyKeys(copy)).toEqual(['2', '1']);
  });

  it('updates as dict.update does: known keys keep their place', () => {
    const d = updated(dictFromEntries([['b', 1], ['10', 2]]), dictFromEntries([['3', 3], ['b', 4]]));
    expect(pyKeys(d)).toEqual(['b', '10', '3']);
    expect(d.b).toBe(4);
  });

  it('reads YAML mappings and anchors in the order of the file, merged keys first as PyYAML puts them', () => {
    const v = parse("base: &b {'9': x, '1': y}\nm:\n  '30': z\n  <<: *b\nalias: *b\n", { merge: true }) as Record<string, Record<string, string>>;
    expect(pyKeys(v.base as object)).toEqual(['9', '1']);
    expect(pyKeys(v.m as object)).toEqual(['9', '1', '30']);
    expect(v.alias).toBe(v.base);
    // python3 -c "import yaml; print(yaml.safe_load(…))" gives {'y': 2, 'z': 4, 'x': 9, '30': 'z', 'k': 2}
    const w = parse("a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nm:\n  '30': z\n  k: 2\n  <<: [*a, *b]\n  x: 9\n", { merge: true }) as Record<string, Record<string, unknown>>;
    expect(pyKeys(w.m as object)).toEqual(['y', 'z', 'x', '30', 'k']);
    expect(w.m).toMatchObject({ y: 2, z: 4, x: 9, '30': 'z', k: 2 });
  });

  it('reads and writes JSON in member order (journal, module results and arguments)', () => {
    const text = '{"10":"a","2":{"5":1.0,"4":[{"9":1,"0":2}]},"s":"\\"3\\": 4"}';
    const v = parseFloats(text) as Record<string, Record<string, unknown>>;
    expect(pyKeys(v)).toEqual(['10', '2', 's']);
    expect(pyKeys(v['2'] as object)).toEqual(['5', '4']);
    expect(stringifyFloats(v)).toBe(text);
    expect(encodeRequest({ id: 'i', module: 'm', args: v, check: false, diff: false })).toContain('"args":{"10":"a","2":{"5":1.0,"4":[{"9":1,"0":2}]}');
  });
});
