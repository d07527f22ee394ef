/**
 * Interop: the HRESULT texts win_updates gives a failed update (src/modules/win_updates/wua-errors.ps1) are
 * ansible.windows 1.14's own, read from its action plugin's _get_hresult_error table by Python, and the format of a
 * code outside the table is the plugin's. The module's PowerShell formats them; test/integration/modules-updates-install
 * checks that in pwsh.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PLUGIN = '/usr/lib/python3/dist-packages/ansible_collections/ansible/windows/plugins/action/win_updates.py';
const available = existsSync(PLUGIN);
if (!available && process.env.CI) throw new Error('ansible.windows 1.14 (Debian ansible) is required in CI');

// Calls the plugin's own function for each code (its module imports only what ansible-core provides).
const PY = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location('ansible_collections.ansible.windows.plugins.action.win_updates', sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
print(json.dumps({c: m._get_hresult_error(int(c)) for c in sys.argv[2:]}))
`;

describe.skipIf(!available)("win_updates' failure_msg texts are 1.14's", () => {
  it('every code of wua-errors.ps1 has the name and text 1.14 gives it, and an unknown code reads as 1.14 reads it', async () => {
    const table = readFileSync(new URL('../../src/modules/win_updates/wua-errors.ps1', import.meta.url), 'utf8');
    const ours = [...table.matchAll(/^\s+0x([0-9A-F]{8}) = @\('([A-Z_]+)', '([^']+)'\)$/gm)].map((m) => ({ code: parseInt(m[1]!, 16), name: m[2]!, text: m[3]! }));
    expect(ours.length).toBe(22);
    const unknown = 0x80070643; // ERROR_INSTALL_FAILURE, a common per-update failure, outside 1.14's table
    const { stdout } = await run('python3', ['-c', PY, PLUGIN, ...ours.map((o) => String(o.code)), String(unknown)], { env: { ...process.env, PYTHONPATH: '/usr/lib/python3/dist-packages' } });
    const theirs = JSON.parse(stdout) as Record<string, string>;
    for (const o of ours) expect(theirs[String(o.code)], o.name).toBe(`${o.text} (${o.name} ${o.code.toString(16).toUpperCase().padStart(8, '0')})`);
    expect(theirs[String(unknown)]).toBe('Unknown WUA HRESULT 2147944003 (UNKNOWN 80070643)');
  });
});
