/**
 * Whole-valued Python floats (`1.0`, a PyFloat) outside the template layer: JSON written as Python's json.dumps
 * writes it and read back as floats (journal round trip for --resume), the reporters' JSON, the redactor's copy of
 * results, and module argument conversion (Ansible's validation.py and Ansible.Basic, checked against ansible-core
 * 2.14's own ArgumentSpecValidator in test/interop/module-arg-coercion.test.ts for the other types).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFloats, PyFloat, stringifyFloats } from '../../../src/template/index.ts';
import { JournalWriter } from '../../../src/journal/writer.ts';
import { readJournal } from '../../../src/journal/reader.ts';
import { pyJson } from '../../../src/report/py-json.ts';
import { Redactor } from '../../../src/engine/redact.ts';
import { ArgumentError, coerceOption } from '../../../src/modules/arg-coerce.ts';
import { parseYaml, toJsCapped } from '../../../src/inventory/yaml-source.ts';
import { pythonLiteral } from '../../../src/inventory/python-literal.ts';

const f = (n: number) => new PyFloat(n);

describe('YAML and INI floats', () => {
  it('a whole-valued YAML float is a PyFloat (1.0, 2., 1.0e+2, 1:30.0); a fraction, NaN and inf stay numbers; 1e2 stays text', () => {
    const v = toJsCapped(parseYaml('a: 1.0\nb: 2.\nc: 1.0e+2\nd: 1:30.0\ne: 1.5\nf: .inf\ng: 1e2\nh: -0.0\ni: 1\n', 'x.yml')) as Record<string, unknown>;
    expect(v).toStrictEqual({ a: f(1), b: f(2), c: f(100), d: f(90), e: 1.5, f: Infinity, g: '1e2', h: f(-0), i: 1 });
    expect(String(v.a)).toBe('1.0');
  });

  it('an INI value is literal_eval()ed: 1e3 and -2.0 are floats', () => {
    expect(pythonLiteral('1e3')).toStrictEqual({ ok: true, value: f(1000) });
    expect(pythonLiteral('-2.0')).toStrictEqual({ ok: true, value: f(-2) });
    expect(pythonLiteral('[1.0, 2]')).toStrictEqual({ ok: true, value: [f(1), 2] });
  });
});

describe('JSON with Python floats', () => {
  it('writes a PyFloat as json.dumps writes the float (python3 decides)', () => {
    const value = { a: f(1), b: [f(-3), 2, 1.5, f(1e16)], s: 'version 1.0' };
    const python = execFileSync('python3', ['-c', 'import json; print(json.dumps({"a": 1.0, "b": [-3.0, 2, 1.5, 1e16], "s": "version 1.0"}, separators=(",", ":")))'], { encoding: 'utf8' }).trim();
    expect(stringifyFloats(value)).toBe(python);
  });

  it('reads 1.0 back as a PyFloat, 1 as an int, and never touches text that looks like a number', () => {
    const text = '{"a": 1.0, "b": [1, 2.5, -3.0, 1e+16, 1E2], "c": "1.0 \\" 2.0", "1.0": 7}';
    expect(parseFloats(text)).toStrictEqual({ a: f(1), b: [1, 2.5, f(-3), f(1e16), f(100)], c: '1.0 " 2.0', '1.0': 7 });
    expect(parseFloats(stringifyFloats({ x: [f(0), { y: f(12) }] }))).toStrictEqual({ x: [f(0), { y: f(12) }] });
  });

  it('the journal keeps a registered float a float (what --resume reads back)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'py-float-journal-')), 'journal.jsonl');
    const w = new JournalWriter(path, 'record');
    w.append({ t: 'result', host: 'h', task: 't', name: 'n', handler: false, status: 'ok', result: { changed: false, value: f(1), ansible_facts: { v: [f(2), 3] } }, register: 'r', durationMs: 0, at: 0 });
    w.close();
    const [record] = readJournal(path);
    expect(record?.t === 'result' && record.result).toStrictEqual({ changed: false, value: f(1), ansible_facts: { v: [f(2), 3] } });
  });

  it('the line reporter prints 1.0 (Ansible callback JSON); the redactor copies a result keeping its floats', () => {
    expect(pyJson({ v: f(1), l: [f(2)] }, 4)).toBe('{\n    "l": [\n        2.0\n    ],\n    "v": 1.0\n}');
    expect(new Redactor().value({ msg: f(1) })).toStrictEqual({ msg: f(1) });
    expect(new Redactor(['s3cret']).value({ msg: f(1), t: 's3cret' })).toStrictEqual({ msg: f(1), t: '********' });
  });
});

describe('module arguments given 1.0', () => {
  const spec = (type: 'str' | 'int' | 'float' | 'bool' | 'list') => ({ type, required: false });
  it('Python modules (validation.py): str 1.0 is "1.0", list ["1.0"], bool true, float 1; int refuses a float', () => {
    expect(coerceOption('s', f(1), spec('str'), 'python')).toBe('1.0');
    expect(coerceOption('l', f(1), spec('list'), 'python')).toEqual(['1.0']);
    expect(coerceOption('b', f(1), spec('bool'), 'python')).toBe(true);
    expect(coerceOption('f', f(1), spec('float'), 'python')).toBe(1);
    expect(() => coerceOption('n', f(1), spec('int'), 'python')).toThrow(
      new ArgumentError('n', "argument 'n' is of type <class 'float'> and we were unable to convert to int: <class 'float'> cannot be converted to an int"),
    );
  });

  it('Windows modules (Ansible.Basic, a JSON 1.0 is a Decimal): str "1.0", bool true; int and list refuse it', () => {
    expect(coerceOption('s', f(1), spec('str'), 'windows')).toBe('1.0');
    expect(coerceOption('b', f(1), spec('bool'), 'windows')).toBe(true);
    expect(coerceOption('f', f(1), spec('float'), 'windows')).toBe(1);
    expect(() => coerceOption('n', f(1), spec('int'), 'windows')).toThrow('argument for n is of type System.Decimal and we were unable to convert to int: Input string was not in a correct format.');
    expect(() => coerceOption('l', f(1), spec('list'), 'windows')).toThrow('System.Decimal cannot be converted to a list');
  });
});
