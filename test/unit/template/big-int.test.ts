/**
 * Integers of 2^53 or more (src/template/big-int.ts): Python keeps them exact, a JavaScript number cannot, so
 * every place winbook would make one fails with the reason — never a rounded value. Values below stay numbers.
 */
import { describe, expect, it } from 'vitest';
import { renderString, staticCheck } from '../../../src/template/index.ts';
import { parseYaml } from '../../../src/inventory/yaml-source.ts';

const R = /winbook cannot hold an integer of 2\^53/;

describe('integers beyond 2^53', () => {
  it('keeps the exact ones and refuses what would be rounded, at the point', () => {
    expect(renderString('{{ 2 ** 52 + 1 }}', {})).toBe('4503599627370497');
    expect(renderString("{{ '٣٤' | int + 9007199254740957 }}", {})).toBe('9007199254740991');
    for (const t of ['{{ 2 ** 64 }}', "{{ '9007199254740993' | int }}", '{{ n + 1 }}', '{{ n * 2 }}', '{{ -n - 2 }}', '{{ 1e20 | int }}', "{{ '[1, 99999999999999999]' | from_json }}"]) {
      expect(() => renderString(t, { n: 9007199254740991 }), t).toThrow(R);
    }
    // A float is inexact in Python too.
    expect(renderString('{{ 2.0 ** 64 }}', {})).toBe('1.8446744073709552e+19');
  });

  it('refuses an integer literal at load, in a template and in YAML, with its position', () => {
    expect(staticCheck('{{ 12345678901234567890 + 1 }}')?.message).toMatch(R);
    expect(() => parseYaml('a: 1\nbig: 12345678901234567890\n', 'vars.yml')).toThrow(R);
    try {
      parseYaml('a: 1\nbig: 12345678901234567890\n', 'vars.yml');
    } catch (e) {
      expect((e as { pos?: unknown }).pos).toMatchObject({ file: 'vars.yml', line: 2 });
    }
    expect(parseYaml("big: '12345678901234567890'\nok: 9007199254740991\n", 'vars.yml').doc.toJS()).toEqual({ big: '12345678901234567890', ok: 9007199254740991 });
  });
});
