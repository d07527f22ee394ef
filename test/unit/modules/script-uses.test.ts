/** A module script declares its helpers (`# uses:`); moduleScript composes them once each, before their users. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { moduleScript } from '../../../src/modules/script.ts';
import { allModules } from '../../../src/modules/registry.ts';

function files(spec: Record<string, string>): (name: string) => URL {
  const dir = mkdtempSync(join(tmpdir(), 'winbook-uses-'));
  for (const [name, text] of Object.entries(spec)) writeFileSync(join(dir, name), text);
  return (name) => pathToFileURL(join(dir, name));
}

describe('moduleScript', () => {
  it('puts Get-ModuleArg first, then each declared helper once, dependencies before their users', () => {
    const f = files({
      'a.ps1': '# uses: b.ps1\n# uses: c.ps1\nfunction A {}\n',
      'b.ps1': '# uses: c.ps1\nfunction B {}\n',
      'c.ps1': 'function C {}\n',
      'main.ps1': '# uses: a.ps1\n# uses: c.ps1\n@{ changed = $false }\n',
    });
    const text = moduleScript(f('main.ps1'));
    expect(text.indexOf('function Get-ModuleArg')).toBe(text.indexOf('function Get-ModuleArg', 0));
    const at = (s: string) => text.indexOf(s);
    expect(at('function Get-ModuleArg')).toBeLessThan(at('function C'));
    expect(at('function C')).toBeLessThan(at('function B'));
    expect(at('function B')).toBeLessThan(at('function A'));
    expect(at('function A')).toBeLessThan(at('@{ changed'));
    expect(text.split('function C').length).toBe(2);
  });

  it('refuses helpers that use each other in a circle', () => {
    const f = files({ 'x.ps1': '# uses: y.ps1\n', 'y.ps1': '# uses: x.ps1\n', 'm.ps1': '# uses: x.ps1\n' });
    expect(() => moduleScript(f('m.ps1'))).toThrow(/use each other in a circle/);
  });

  it('every shipped agent module composes, with Get-ModuleArg once (win_ping reads no argument helper)', () => {
    for (const m of allModules()) {
      if (m.kind !== 'agent' || m.script === undefined) continue;
      expect(m.script.split('function Get-ModuleArg').length, m.name).toBe(m.name === 'win_ping' ? 1 : 2);
    }
  });
});
