import { describe, expect, it } from 'vitest';
import { escapeBackslashes } from '../../../src/template/escape-backslashes.ts';
import { evaluate, renderString } from '../../../src/template/index.ts';

describe("Ansible's backslash escaping inside {{ }}", () => {
  it('doubles backslashes only inside string literals of variable blocks', () => {
    expect(escapeBackslashes("a\\b {{ x | regex_replace('\\d', \"\\w\") }} c\\d")).toBe("a\\b {{ x | regex_replace('\\\\d', \"\\\\w\") }} c\\d");
    expect(escapeBackslashes('{% if x == "\\n" %}{% endif %}')).toBe('{% if x == "\\n" %}{% endif %}');
  });

  it('lets playbooks write regexes once-escaped, as in Ansible', () => {
    expect(renderString("{{ 'rim-07' | regex_replace('^\\w+-(\\d+)$', '\\1') }}", {})).toBe('07');
    expect(renderString("{{ p | regex_replace('\\\\', '/') }}", { p: 'C:\\Qlik' })).toBe('C:/Qlik');
  });

  it('leaves bare conditions alone, as Ansible does for when:', () => {
    expect(evaluate("'a\\\\b' == x", { x: 'a\\b' })).toBe(true);
  });
});
