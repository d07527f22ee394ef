/** The caps on one render (src/template/budget.ts, docs/compatibility.md "Limits"). */
import { afterEach, describe, expect, it } from 'vitest';
import { renderString } from '../../../src/template/index.ts';
import { LIMITS } from '../../../src/util/limits.ts';

const saved = { ...LIMITS };
afterEach(() => Object.assign(LIMITS, saved));

const fails = (tpl: string, re: RegExp) => {
  expect(() => renderString(tpl, {})).toThrow(re);
  try {
    renderString(tpl, {});
  } catch (e) {
    expect(e).toMatchObject({ code: 'TEMPLATE_LIMIT', hint: expect.stringContaining('Limits') });
  }
};

describe('template limits', () => {
  it('range() behaves as Python\'s below the cap', () => {
    expect(renderString('{{ range(4) | list }}', {})).toEqual([0, 1, 2, 3]);
    expect(renderString('{{ range(1, 8, 3) | list }}', {})).toEqual([1, 4, 7]);
    expect(renderString('{{ range(5, 0, -2) | list }}', {})).toEqual([5, 3, 1]);
    expect(renderString('{{ range(3, 1) | list }}', {})).toEqual([]);
    expect(renderString('{{ range(100000) | length }}', {})).toBe('100000');
  });

  it('refuses a range() longer than the cap, at once', () => {
    const t = Date.now();
    fails('{% for i in range(100000000) %}x{% endfor %}', /range\(100000000\) would make 100,000,000 numbers, more than the limit of 100,000/);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('stops output above the size cap as it grows', () => {
    fails(`{% for i in range(100000) %}{{ 'x' * 200 }}{% endfor %}`, /rendered more than 10 MiB/);
    fails(`{% for i in range(100000) %}${'y'.repeat(200)}{% endfor %}`, /rendered more than 10 MiB/);
    fails(`{{ 'x' * 100000000 }}`, /a repeated string would be 100,000,000 long/);
  });

  it('stops nested loops at the iteration cap and at the time cap', () => {
    LIMITS.templateIterations = 50_000;
    fails('{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}', /loops ran more than 50,000 iterations/);
    LIMITS.templateIterations = saved.templateIterations;
    LIMITS.templateMillis = 200;
    const t = Date.now();
    fails('{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}', /took longer than 0.2 s/);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('gives every render its own budget', () => {
    LIMITS.templateIterations = 1000;
    for (let n = 0; n < 5; n++) expect(renderString('{% for i in range(900) %}{% endfor %}ok', {})).toBe('ok');
  });
});
