import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../src/errors.ts';
import { evaluate, evaluateCondition, isNativeText, NativeJinjaText, OMIT, plainValue, renderString, renderValue } from '../../../src/template/index.ts';

const vars: Record<string, unknown> = {
  svc: 'Spooler',
  n: 3,
  s: ' Hello World ',
  ports: [80, 443],
  empty: [],
  nothing: null,
  flag: 'yes',
  no_flag: 'False',
  d: { a: 1, b: { c: 'deep' } },
  users: [
    { name: 'ann', admin: true, shell: 'pwsh' },
    { name: 'bob', admin: false },
  ],
  result: { changed: true, failed: false, rc: 0, stdout: 'ok\n' },
  skipped_result: { changed: false, skipped: true },
  json_text: '{"x": [1, 2]}',
};

function templateError(f: () => unknown): TemplateError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error('expected a TemplateError');
}

describe('renderString', () => {
  const cases: [string, unknown][] = [
    ['plain text', 'plain text'],
    ['{{ n }}', 3],
    ['{{ ports }}', [80, 443]],
    ['{{ d }}', { a: 1, b: { c: 'deep' } }],
    ['{{ n > 2 }}', true],
    ['{{ nothing }}', null],
    ['port {{ ports[0] }}', 'port 80'],
    ['{{ ports[-1] }}', '443'],
    ['list: {{ ports }}', 'list: [80, 443]'],
    ['{{ True }} and {{ False }}', 'True and False'],
    ['x{{ nothing }}y', 'xy'],
    ['{{ None }}', ''],
    ['{{ d.b.c }}', 'deep'],
    ["{{ d['b']['c'] | upper }}", 'DEEP'],
    ['{{ missing | default("dflt") }}', 'dflt'],
    ['{{ missing | d(5) }}', '5'],
    ["{{ '' | default('e', true) }}", 'e'],
    ["{{ '' | default('e') }}", ''],
    ['{{ missing is defined }}', false],
    ['{{ missing is undefined }}', true],
    ['{{ missing.attr is defined }}', false],
    ['{{ d.zzz is defined }}', false],
    ['{{ svc is defined and svc == "Spooler" }}', true],
    ['{{ flag | bool }}', true],
    ['{{ no_flag | bool }}', false],
    ["{{ '42' | int + 1 }}", '43'],
    ["{{ '2.5' | float }}", '2.5'],
    ['{{ n | string }}', '3'],
    ['{{ ports | join(",") }}', '80,443'],
    ["{{ users | map(attribute='name') | list }}", ['ann', 'bob']],
    ["{{ ['A', 'B'] | map('lower') | join }}", 'ab'],
    ["{{ users | selectattr('admin') | map(attribute='name') | first }}", 'ann'],
    ["{{ users | rejectattr('admin') | map(attribute='name') | list }}", ['bob']],
    ["{{ users | selectattr('shell', 'defined') | length }}", '1'],
    ["{{ users | selectattr('name', 'equalto', 'bob') | list | length }}", '1'],
    ["{{ ['a1', 'b2', 'a3'] | select('match', '^a') | list }}", ['a1', 'a3']],
    ["{{ [0, 1, '', 'x'] | reject | list }}", [0, '']],
    // Ansible doubles backslashes in string literals inside {{ }}: they are written once-escaped, as in YAML.
    ["{{ svc | regex_replace('^Sp(\\w+)$', 'X\\1') }}", 'Xooler'],
    ["{{ 'abc123' | regex_search('[0-9]+') }}", '123'],
    ['{{ d | to_json }}', '{"a": 1, "b": {"c": "deep"}}'],
    ['{{ {"b": 1, "a": [1]} | to_nice_json }}', '{\n    "a": [\n        1\n    ],\n    "b": 1\n}'],
    ['{{ (json_text | from_json).x[1] }}', '2'],
    ['{{ s | trim | lower }}', 'hello world'],
    ['{{ ports | length }}', '2'],
    ['{{ ports | last }}', '443'],
    ['{{ [3, 1, 3, 2] | unique | sort }}', [1, 2, 3]],
    ["{{ d | dict2items | map(attribute='key') | list }}", ['a', 'b']],
    ["{{ [{'key': 'k', 'value': 1}] | items2dict }}", { k: 1 }],
    ['{{ {"a": 1} | combine({"b": 2}) }}', { a: 1, b: 2 }],
    ["{{ (n > 1) | ternary('big', 'small') }}", 'big'],
    ["{{ 'hi' | b64encode }}", 'aGk='],
    ["{{ 'aGk=' | b64decode }}", 'hi'],
    ['{{ result is changed }}', true],
    ['{{ result is failed }}', false],
    ['{{ result is succeeded }}', true],
    ['{{ skipped_result is skipped }}', true],
    ["{{ svc is match('Spo') }}", true],
    ["{{ svc is search('ool') }}", true],
    ["{{ svc is match('ool') }}", false],
    ['{{ n is number and svc is string and d is mapping and ports is iterable }}', true],
    ['{{ nothing is none }}', true],
    ['{{ 443 in ports }}', true],
    ['{{ "Spo" in svc }}', true],
    ['{{ ports + [8080] }}', [80, 443, 8080]],
    ['{{ [1, 2] == [1, 2] }}', true],
    ['{{ empty or "fallback" }}', 'fallback'],
    ['{{ "x" if empty else "y" }}', 'y'],
    ['{{ "-" * 3 }}', '---'],
    ['{{ svc ~ "-" ~ n }}', 'Spooler-3'],
    ["{{ 'a,b'.split(',') }}", ['a', 'b']],
    ["{{ d.get('zzz', 'none') }}", 'none'],
    ['{% for p in ports %}{{ p }};{% endfor %}', '80;443;'],
    ['{% if empty %}yes{% else %}no{% endif %}', 'no'],
  ];
  it.each(cases)('%s', (tpl, expected) => {
    expect(plainValue(renderString(tpl, vars))).toEqual(expected);
  });

  it('returns the same object for strings without template markers', () => {
    const s = 'C:\\Windows\\{not a template}';
    expect(renderString(s, vars)).toBe(s);
  });
});

describe('undefined variables', () => {
  it('names the variable, the task and the position', () => {
    const pos = { file: 'site.yml', line: 7, col: 9 };
    const e = templateError(() => renderString('pw={{ new_password }}', vars, { task: 'Set password', pos }));
    expect(e.code).toBe('TEMPLATE_UNDEFINED');
    expect(e.message).toBe("'new_password' is undefined");
    expect(e.task).toBe('Set password');
    expect(e.pos).toEqual(pos);
    expect(e.hint).toMatch(/define new_password in vars, inventory .* -e/);
  });

  it.each([
    ['{{ missing }}', "'missing' is undefined"],
    ['{{ missing.attr }}', "'missing' is undefined"],
    ['{{ missing.a.b | lower }}', "'missing' is undefined"],
    ['{{ d.missing_key }}', "'dict object' has no attribute 'missing_key'"],
    ['{{ d.b.nope }}', "'dict object' has no attribute 'nope'"],
    ['{{ missing == 1 }}', "'missing' is undefined"],
    ['{{ missing + 1 }}', "'missing' is undefined"],
    ['{{ missing | upper }}', "'missing' is undefined"],
    ['{% for x in missing %}{% endfor %}', "'missing' is undefined"],
    ['{% if missing %}x{% endif %}', "'missing' is undefined"],
    ['{{ missing | mandatory }}', "Mandatory variable 'missing' not defined."],
    ['{{ ports[5] }}', "'list object' has no element 5"],
  ])('%s → %s', (tpl, message) => {
    const e = templateError(() => renderString(tpl, vars));
    expect(e.code).toBe('TEMPLATE_UNDEFINED');
    expect(e.message).toBe(message);
  });

  it('reports syntax errors with the expression', () => {
    const e = templateError(() => renderString('{{ svc | }}', vars));
    expect(e.code).toBe('TEMPLATE_SYNTAX');
    expect(e.message).toContain('{{ svc | }}');
  });

  it('names an unsupported lookup plugin and the ones that exist', () => {
    const e = templateError(() => renderString("{{ lookup('pipe', 'hostname') }}", vars));
    expect(e).toMatchObject({ code: 'TEMPLATE_LOOKUP_UNSUPPORTED' });
    expect(e.message).toContain("lookup plugin 'pipe' is not supported");
    expect(e.hint).toContain('env, file');
  });

  it('reports an unknown filter with a suggestion', () => {
    const e = templateError(() => renderString('{{ svc | lowr }}', vars));
    expect(e.message).toBe("no filter named 'lowr' — did you mean lower?");
  });
});

describe('evaluate and evaluateCondition', () => {
  it.each([
    ['n == 3', true],
    ['ports | length', 2],
    ['result.rc', 0],
    ['missing is not defined', true],
    ['d.b.c is defined and d.b.c == "deep"', true],
    ['True and not False', true],
    ['None is none', true],
    ['result is changed or result is failed', true],
  ])('evaluate(%s)', (expr, expected) => {
    expect(evaluate(expr, vars)).toEqual(expected);
  });

  it.each<[string | boolean, boolean]>([
    [true, true],
    [false, false],
    ['empty', false],
    ['ports', true],
    ['result.stdout', true],
    ['flag', true],
    ['no_flag', false],
    ["'no'", false],
    ['{{ no_flag }}', false],
    ['{{ n > 1 }}', true],
    ['nothing', false],
    ['d.zzz | default(false)', false],
    ['', true],
  ])('evaluateCondition(%s) is %s', (expr, expected) => {
    expect(evaluateCondition(expr, vars)).toBe(expected);
  });

  it('fails a condition on an undefined variable, naming it', () => {
    const e = templateError(() => evaluateCondition('not service_state', vars, { task: 't' }));
    expect(e.message).toBe("'service_state' is undefined");
    expect(e.task).toBe('t');
    const e2 = templateError(() => evaluateCondition('undefined_var', vars));
    expect(e2.message).toBe("'undefined_var' is undefined");
  });
});

describe('renderValue', () => {
  it('renders nested dicts and lists and drops omitted arguments', () => {
    const args = { name: '{{ svc }}', ports: ['{{ ports[0] }}', 'x'], opt: '{{ missing | default(omit) }}', nested: { n: '{{ n }}' } };
    expect(renderValue(args, vars)).toEqual({ name: 'Spooler', ports: ['80', 'x'], nested: { n: 3 } });
    expect(OMIT).toMatch(/omit/);
  });
});

// Ansible 2.14, jinja2_native off: text, read back only when it looks like a list, dict or True/False (each case
// is also in test/fixtures/templates/expressions.yml, compared with ansible-playbook).
describe('result types as ansible_eval_concat gives them', () => {
  const cases: [string, unknown][] = [
    ['{{ 1 + 1 }}', '2'],
    ['{{ none }}', ''],
    ['{{ nothing }}', null],
    ['{{ n }}', 3],
    ['[{{ n }}, 2]', [3, 2]],
    ["{{ '[1, 2]' }}", [1, 2]],
    ["{{ 'True' }}", true],
    ["{{ 'true' }}", 'true'],
    ['{{ ports }}', [80, 443]],
    ['{{ d }}', { a: 1, b: { c: 'deep' } }],
    ['{{ n == 3 }}', true],
    ['{{ ports | to_json }}', '[80, 443]'],
    ['{{ ports | string }}', '[80, 443]'],
    ['{{ ports | to_json | trim }}', [80, 443]],
    // Not a template: Templar returns it untouched.
    ['{ "a": true, "b": null }', '{ "a": true, "b": null }'],
    ['{{ {"a": true} | to_json }}', '{"a": true}'],
    ["{{ '{\"a\": true}' }}", { a: true }],
    ['[{{ svc }}]', '[Spooler]'],
    [' {{ ports }}', ' [80, 443]'],
    ['{{ json_text }}', { x: [1, 2] }],
  ];
  it.each(cases)('%s', (tpl, expected) => {
    expect(plainValue(renderString(tpl, vars))).toEqual(expected);
  });

  it('keeps conditions native: `when: "{{ n }}"`-style and bare expressions', () => {
    expect(evaluate('n + 1', vars)).toBe(4);
    expect(evaluateCondition('ports | length == 2', vars)).toBe(true);
  });
});

// Ansible's NativeJinjaText is a value: the mark travels with the object (test/interop/template-types.test.ts
// compares the same cases with ansible-playbook).
describe('NativeJinjaText', () => {
  const text = renderString('{{ ports | to_json }}', vars);
  const held = { ...vars, j: text, box: { k: text }, list: [text] };

  it('is what string, to_json and to_nice_json give, and plainValue gives its text', () => {
    expect(text).toBeInstanceOf(NativeJinjaText);
    expect(isNativeText(renderString('{{ n | string }}', vars))).toBe(true);
    expect(isNativeText(renderString('{{ d | to_nice_json }}', vars))).toBe(true);
    expect(plainValue({ a: [text] })).toEqual({ a: ['[80, 443]'] });
    expect(renderString('{{ j | type_debug }}', held)).toBe('NativeJinjaText');
  });

  it.each([
    "{{ j | default('') }}", '{{ j | mandatory }}', "{{ true | ternary(j, 'x') }}", "{{ j if true else 'x' }}", "{{ j or 'x' }}",
    "{{ box['k'] }}", '{{ box.k }}', '{{ list[0] }}', '{{ list | first }}', '{{ list | sort | last }}', '{{ j | string }}',
  ])('stays text where the same object is handed on: %s', (tpl) => {
    const r = renderString(tpl, held);
    expect(isNativeText(r)).toBe(true);
    expect(String(r)).toBe('[80, 443]');
  });

  it.each(["{{ j ~ '' }}", "{{ j + '' }}", '{{ j | trim }}', "{{ j | replace('x', 'y') }}", '{{ j[0:] }}', "{{ j | default('') | trim }}"])(
    'is read back where Python makes a new str: %s',
    (tpl) => {
      expect(renderString(tpl, held)).toEqual([80, 443]);
    },
  );

  it('reads as its text in operators, tests, methods and other filters', () => {
    expect(renderString('{{ j | length }}', held)).toBe('9');
    expect(renderString("{{ j == '[80, 443]' and j is string and j is not mapping }}", held)).toBe(true);
    expect(renderString("{{ j.startswith('[') }}", held)).toBe(true);
    expect(renderString('{{ j in list }}', held)).toBe(true);
    expect(renderString('{{ list | to_json }}', held)).toBeInstanceOf(NativeJinjaText);
    expect(plainValue(renderString('{{ list | to_json }}', held))).toBe('["[80, 443]"]');
    expect(renderString('{{ j | from_json }}', held)).toEqual([80, 443]);
    expect(renderString('{% for c in j %}{{ c }}.{% endfor %}', { j: renderString("{{ 'ab' | string }}", vars) })).toBe('a.b.');
    expect(evaluateCondition('j', held)).toBe(true);
    expect(evaluateCondition('e', { e: renderString("{{ '' | string }}", vars) })).toBe(false);
  });
});
