/**
 * Interop: every ansible.windows 1.14 module winbook ships supports check mode exactly as its 1.14 source declares
 * (plugins/modules/<module>.ps1 of the collection Debian's ansible ships): an Ansible.Basic module by its spec's
 * `supports_check_mode` (false when absent), a legacy one by `Parse-Args … -supports_check_mode` (whose default is
 * false). A module without check mode is skipped in a check-mode run with the words of the reader it uses, so
 * winbook's `argsReader` must say legacy exactly for the legacy ones (src/modules/check-mode.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allModules } from '../../src/modules/registry.ts';

const WIN_MODULES = '/usr/lib/python3/dist-packages/ansible_collections/ansible/windows/plugins/modules';
const available = existsSync(WIN_MODULES);
if (!available && process.env.CI) throw new Error('ansible.windows (Debian ansible) is required in CI');

/** What a 1.14 module's source declares. */
function declared(source: string): { reader: 'basic' | 'legacy'; check: boolean } {
  if (source.includes('[Ansible.Basic.AnsibleModule]::Create')) {
    const m = /supports_check_mode\s*=\s*\$(true|false)/i.exec(source);
    return { reader: 'basic', check: m?.[1]?.toLowerCase() === 'true' };
  }
  const line = /Parse-Args\b[^\n]*/.exec(source)?.[0];
  if (line === undefined) throw new Error('neither Ansible.Basic nor Parse-Args');
  const m = /-supports_check_mode\s+\$(true|false)/i.exec(line);
  return { reader: 'legacy', check: m?.[1]?.toLowerCase() === 'true' };
}

describe.runIf(available)("check mode as ansible.windows 1.14's modules declare it", () => {
  const shipped = allModules().filter((d) => d.kind === 'agent' || d.name === 'async_status').filter((d) => existsSync(join(WIN_MODULES, `${d.name}.ps1`)));

  it('matches each shipped module\'s declaration, and the skip\'s words match its argument reader', () => {
    const theirs = shipped.map((d) => {
      const decl = declared(readFileSync(join(WIN_MODULES, `${d.name}.ps1`), 'utf8'));
      return [d.name, decl.check, decl.check ? '' : decl.reader];
    });
    const ours = shipped.map((d) => [d.name, d.supportsCheck, d.supportsCheck ? '' : (d.argsReader ?? 'basic')]);
    expect(shipped.length).toBeGreaterThanOrEqual(28);
    expect(ours).toEqual(theirs);
    // The four that skip, as read from 1.14.
    expect(theirs.filter((t) => t[1] === false).map((t) => `${String(t[0])}:${String(t[2])}`).sort()).toEqual(['async_status:legacy', 'win_acl:legacy', 'win_command:basic', 'win_shell:legacy']);
  });
});
