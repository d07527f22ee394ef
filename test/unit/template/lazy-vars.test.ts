import { describe, expect, it } from 'vitest';
import { markUnsafe, renderString } from '../../../src/template/index.ts';

describe('variables templated when used (issue 14)', () => {
  const vars = { b: 'bee', lst: ['{{ b }}', ['x{{ b }}']], d: { k: '{{ b }}' }, und: '{{ nope }}', ra: '{{ rb }}', rb: '{{ ra }}' };

  it('renders templates inside list and dict variables', () => {
    expect(renderString('{{ lst }}', vars)).toEqual(['bee', ['xbee']]);
    expect(renderString('{{ d.k }}', vars)).toBe('bee');
    expect(renderString('{{ lst[1][0] }}/{{ d }}', vars)).toBe("xbee/{'k': 'bee'}");
  });

  it('makes a variable whose template uses an undefined name undefined itself', () => {
    expect(renderString("{{ und | default('z') }}", vars)).toBe('z');
    expect(() => renderString('{{ und }}', vars)).toThrow("'nope' is undefined");
  });

  it('refuses variables that use each other, naming the chain', () => {
    expect(() => renderString('{{ ra }}', vars)).toThrow(/recursive loop detected in template string: \{\{ ra \}\} \(variables ra → rb → ra\)/);
  });

  it('templates a variable once per render, as Jinja2 resolves a name once per template', () => {
    const twice = renderString('{{ [d, d] }}', vars) as unknown[];
    expect(twice[0]).toBe(twice[1]);
    expect(renderString('{{ [d] }}', vars)).not.toBe(renderString('{{ [d] }}', vars));
    // A new random password each time it is templated (`/dev/null` is never written).
    const r = { r: "{{ lookup('password', '/dev/null length=24') }}" };
    expect(renderString('{{ r == r }}', r)).toBe(true);
    expect(renderString('{{ r }}', r)).not.toBe(renderString('{{ r }}', r));
  });

    it('never re-templates values marked as data (registered results, facts)', () => {
    const result = { stdout: 'literal {{ nope }}' };
    markUnsafe(result);
    expect(renderString('{{ result.stdout }}', { result })).toBe('literal {{ nope }}');
  });

  it('keys a dict literal by the value of an unquoted name, keeps keyword argument names', () => {
    expect(renderString("{{ { b: 1, 'b': 2 } }}", vars)).toEqual({ bee: 1, b: 2 });
    expect(renderString("{{ [{'name': 'n'}] | map(attribute='name') | list }}", {})).toEqual(['n']);
  });
});
