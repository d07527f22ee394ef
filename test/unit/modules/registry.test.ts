import { describe, expect, it, vi } from 'vitest';

// assert evaluates conditions with the template engine; a tiny stand-in keeps these tests about the registry.
vi.mock('../../../src/template/index.ts', () => ({
  evaluateCondition: (expr: string | boolean, vars: Record<string, unknown>) => (typeof expr === 'boolean' ? expr : Boolean(vars[expr])),
}));

const { allModules, findModule, moduleNames } = await import('../../../src/modules/registry.ts');

describe('module registry', () => {
  it.each([
    ['raw', 'ansible.builtin.raw'],
    ['win_ping', 'ansible.windows.win_ping'],
    ['win_service', 'ansible.windows.win_service'],
    ['debug', 'ansible.builtin.debug'],
    ['set_fact', 'ansible.builtin.set_fact'],
    ['assert', 'ansible.builtin.assert'],
    ['fail', 'ansible.builtin.fail'],
  ])('finds %s by its short name and as %s', (short, fqcn) => {
    const m = findModule(short);
    expect(m?.name).toBe(short);
    expect(findModule(fqcn)).toBe(m);
    expect(moduleNames()).toEqual(expect.arrayContaining([short, fqcn]));
  });

  it('does not find unknown names', () => {
    expect(findModule('win_servcie')).toBeUndefined();
  });

  it('gives every module what its kind needs', () => {
    for (const m of allModules()) {
      if (m.kind === 'agent') expect(m.script, m.name).toMatch(/Set-StrictMode -Version 2\.0/);
      if (m.kind === 'controller') expect(typeof m.run, m.name).toBe('function');
      if (m.kind === 'raw') expect(m.freeForm).toBe(true);
      expect(m.description.length, m.name).toBeGreaterThan(0);
    }
  });

  it('has unique names and aliases', () => {
    const names = allModules().flatMap((m) => [m.name, ...m.aliases]);
    expect(new Set(names).size).toBe(names.length);
  });
});
