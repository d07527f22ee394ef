import { describe, expect, it } from 'vitest';
import { Redactor, REDACTED } from '../../../src/engine/redact.ts';
import { renderString, SECRET_SINK } from '../../../src/template/index.ts';

const SECRET = 'Vaulted-Secret-93ab';

function withSink(extra: Record<string, unknown> = {}) {
  const redactor = new Redactor([SECRET]);
  const vars: Record<string | symbol, unknown> = { pw: SECRET, user: 'svc', ...extra, [SECRET_SINK]: redactor };
  return { redactor, vars: vars as Record<string, unknown> };
}

describe('secrets through filters', () => {
  it.each([
    ['{{ pw | upper }}', SECRET.toUpperCase()],
    ['{{ pw | lower }}', SECRET.toLowerCase()],
    ['{{ pw | b64encode }}', Buffer.from(SECRET).toString('base64')],
    ['{{ pw | reverse }}', [...SECRET].reverse().join('')],
    ["{{ pw | replace('-', '_') }}", SECRET.replace(/-/g, '_')],
    ["{{ pw | regex_replace('[0-9]', 'X') }}", SECRET.replace(/[0-9]/g, 'X')],
    ['{{ pw | upper | reverse }}', [...SECRET.toUpperCase()].reverse().join('')],
    ['{{ pw.upper() }}', SECRET.toUpperCase()],
    ["{{ pw.replace('-', '+') }}", SECRET.replace(/-/g, '+')],
    ["{{ ('x' ~ pw) | upper }}", `X${SECRET.toUpperCase()}`],
    ['{{ pw | capitalize }}', 'Vaulted-secret-93ab'],
  ])('%s becomes a secret: the redactor hides it', (tpl, expected) => {
    const { redactor, vars } = withSink();
    const out = renderString(tpl, vars);
    expect(out).toBe(expected);
    expect(redactor.text(`said ${String(out)}`)).toBe(`said ${REDACTED}`);
  });

  it.each([
    "{{ 'pre' ~ pw }}",
    "{{ 'pre' + pw }}",
    "{{ [pw, 'x'] | join(',') }}",
    '{{ pw | string }}',
    "{{ (' ' ~ pw ~ ' ') | trim }}",
    '{{ pw | truncate(30) }}',
  ])('%s keeps the secret inside, which the redactor already hides', (tpl) => {
    const { redactor, vars } = withSink();
    const out = String(renderString(tpl, vars));
    expect(out).toContain(SECRET);
    expect(redactor.text(out)).not.toContain(SECRET);
  });

  it('a derived value decoded from a secret is a secret', () => {
    const encoded = Buffer.from('Decoded-Hidden-55aa').toString('base64');
    const { redactor, vars } = withSink({ enc: encoded });
    redactor.add(encoded);
    expect(renderString('{{ enc | b64decode }}', vars)).toBe('Decoded-Hidden-55aa');
    expect(redactor.text('Decoded-Hidden-55aa')).toBe(REDACTED);
  });

  it('a prefix cut by truncate is a secret', () => {
    const { redactor, vars } = withSink();
    const out = String(renderString('{{ pw | truncate(12) }}', vars));
    expect(out).not.toContain(SECRET);
    expect(redactor.text(out)).toBe(REDACTED);
  });

  it('what is not derived from a secret stays as it is: other values, numbers and booleans computed from it', () => {
    const { redactor, vars } = withSink();
    expect(renderString('{{ user | upper }}', vars)).toBe('SVC');
    expect(renderString('{{ pw | length }}', vars)).toBe(String(SECRET.length));
    expect(renderString("{{ pw is match('V.*') }}", vars)).toBe(true);
    expect(redactor.text('SVC 19 True')).toBe('SVC 19 True');
  });

  it('a fragment too short to hide is refused with a hint', () => {
    const { vars } = withSink();
    expect(() => renderString('{{ pw | first }}', vars)).toThrow(expect.objectContaining({ code: 'TEMPLATE_SECRET_TOO_SHORT', hint: expect.stringContaining('no_log') }));
    expect(() => renderString("{{ pw | replace('-', '') | truncate(8, true, '') }}", vars)).not.toThrow();
  });

  it('without the run\'s redactor among the variables nothing is tracked', () => {
    expect(renderString('{{ pw | first }}', { pw: SECRET })).toBe('V');
  });
});
