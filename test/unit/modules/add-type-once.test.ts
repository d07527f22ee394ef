/**
 * Every module runs in one persistent PowerShell process, where Add-Type cannot redefine a type: if two scripts each
 * guarded `if (-not ('Winbook.X' -as [type])) { Add-Type ... }` with different members, whichever module ran second
 * would call methods that do not exist — on a real host only, since the simulator runs no PowerShell. So each
 * Winbook.* type must be defined in exactly one source file, shared through src/modules/module-utils.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function ps1Files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? ps1Files(join(dir, e.name)) : e.name.endsWith('.ps1') ? [join(dir, e.name)] : []));
}

/** Type names a script compiles: the guarded `'Winbook.X' -as [type]` form and `-Name X -Namespace Winbook`. */
export function definedTypes(source: string): string[] {
  const guarded = [...source.matchAll(/'(Winbook\.\w+)'\s+-as\s+\[type\]/g)].map((m) => m[1] as string);
  const members = [...source.matchAll(/Add-Type\b[^\n]*-Name\s+(\w+)\s+-Namespace\s+Winbook/g)].map((m) => `Winbook.${m[1] as string}`);
  return [...new Set([...guarded, ...members])];
}

describe('Add-Type in the persistent agent', () => {
  it('finds the type names a script defines (so the check below can fail)', () => {
    expect(definedTypes("if (-not ('Winbook.Logon' -as [type])) { Add-Type -TypeDefinition @'\n'@ }")).toEqual(['Winbook.Logon']);
    expect(definedTypes('$n = Add-Type -MemberDefinition $sig -Name EnvNative -Namespace Winbook -PassThru')).toEqual(['Winbook.EnvNative']);
  });

  it('defines each Winbook.* type in exactly one script file', () => {
    const owners = new Map<string, string[]>();
    for (const f of ps1Files('src')) for (const t of definedTypes(readFileSync(f, 'utf8'))) owners.set(t, [...(owners.get(t) ?? []), f]);
    expect(owners.size).toBeGreaterThan(1);
    for (const [type, files] of owners) expect({ type, files }).toEqual({ type, files: [files[0]] });
  });
});
