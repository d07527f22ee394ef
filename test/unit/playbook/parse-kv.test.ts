import { describe, expect, it } from 'vitest';
import { parseKv, splitArgs } from '../../../src/playbook/parse-kv.ts';

describe('parseKv', () => {
  it('splits name=Spooler state="started" into unquoted values with offsets', () => {
    expect(parseKv('name=Spooler state="started"')).toEqual({
      params: { name: 'Spooler', state: 'started' },
      offsets: { name: 0, state: 13 },
      raw: [],
    });
  });

  it('keeps {{ }} with spaces inside one token', () => {
    expect(parseKv(`msg={{ a | default('x y') }} b='c d'`).params).toEqual({ msg: `{{ a | default('x y') }}`, b: 'c d' });
  });

  it('unescapes escaped quotes inside quoted values', () => {
    expect(parseKv(`msg="a \\"b\\" c"`).params).toEqual({ msg: 'a "b" c' });
  });

  it('keeps words without = as raw tokens', () => {
    expect(parseKv('echo hi x=1').raw.map((t) => t.text)).toEqual(['echo', 'hi']);
  });

  it('does not split inside {% %} blocks', () => {
    expect(splitArgs('a={% if x %}1{% endif %} b').map((t) => t.text)).toEqual(['a={% if x %}1{% endif %}', 'b']);
  });
});
