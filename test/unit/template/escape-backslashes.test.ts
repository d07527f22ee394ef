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

describe("Jinja2's own unescaping of literals outside {{ }} (Python's unicode-escape)", () => {
  it('keeps a backslash before a character that is no escape: the regex of a when: condition', () => {
    expect(evaluate("delta is match('^\\d:')", { delta: '0:00:01.5' })).toBe(true);
    expect(evaluate("'^\\d' | length", {})).toBe(3);
    expect(renderString("{% if delta is match('^\\d:') %}y{% endif %}", { delta: '0:00:01.5' })).toBe('y');
    expect(renderString("{% set re = '^\\d' %}{{ re }}", {})).toBe('^\\d');
  });

  it('decodes the escapes Python knows: \\t, \\x41, \\u00e9, octal', () => {
    expect(evaluate("'a\\tb\\x41\\u00e9\\101'", {})).toBe('a\tbAéA');
  });

  it('leaves comments and {% raw %} text untouched', () => {
    expect(escapeBackslashes("{# '\\d' #}{% raw %}'\\d'{% endraw %}{% if 1 %}{% endif %}")).toBe("{# '\\d' #}{% raw %}'\\d'{% endraw %}{% if 1 %}{% endif %}");
  });
});
