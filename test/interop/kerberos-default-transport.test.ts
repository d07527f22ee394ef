/**
 * Which WinRM transport a host gets, with Ansible as the oracle: Debian's ansible-core 2.14 winrm connection plugin
 * itself (its _build_winrm_kwargs, with pykerberos importable as here) computes the transport list, scheme, port and
 * kinit mode for each case, and winbook's connectionSettings must agree, or differ exactly as docs/compatibility.md
 * ("Connections") says: no Basic after Kerberos, NTLM where Ansible would use Basic, 5985/http by default; and
 * `negotiate`, which neither has (write [kerberos, ntlm]), is refused by both.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { connectionSettings } from '../../src/inventory/connection.ts';
import type { Vars } from '../../src/inventory/types.ts';

const PYTHON = '/usr/bin/python3';
const available = spawnSync(PYTHON, ['-c', 'import ansible.plugins.connection.winrm, kerberos'], { stdio: 'ignore' }).status === 0;
if (!available) console.warn('kerberos-default-transport: ansible-core or pykerberos not importable by /usr/bin/python3, skipping');

const ORACLE = String.raw`
import json, sys
from ansible.plugins.loader import connection_loader
from ansible.playbook.play_context import PlayContext
out = []
for v in json.load(sys.stdin):
    conn = connection_loader.get('winrm', PlayContext(), None)
    # What the task executor hands the plugin: the host's vars, ansible_winrm_* also as _extras.
    conn.set_options(var_options=dict(v, _extras={k: x for k, x in v.items() if k.startswith('ansible_winrm_')}))
    conn._build_winrm_kwargs()
    out.append({'transport': conn._winrm_transport, 'scheme': conn._winrm_scheme, 'port': conn._winrm_port, 'managed': conn._kerb_managed})
print(json.dumps(out))
`;

interface AnsibleChoice {
  transport: string[];
  scheme: string;
  port: number;
  managed: boolean;
}

const CASES: Vars[] = [
  { ansible_user: 'wbadmin@WINBOOK.TEST', ansible_password: 'pw', ansible_port: 5985 },
  { ansible_user: 'wbadmin@WINBOOK.TEST', ansible_password: 'pw', ansible_port: 5986 },
  { ansible_user: 'wbadmin@WINBOOK.TEST', ansible_port: 5985 },
  { ansible_user: 'wbadmin@WINBOOK.TEST', ansible_password: 'pw', ansible_winrm_scheme: 'https', ansible_port: 5986 },
  { ansible_user: 'Administrator', ansible_password: 'pw', ansible_port: 5985 },
  { ansible_user: 'WINBOOK\\wbadmin', ansible_password: 'pw', ansible_port: 5986 },
  { ansible_user: 'wbadmin@WINBOOK.TEST', ansible_password: 'pw', ansible_port: 5985, ansible_winrm_transport: 'ntlm' },
  { ansible_user: 'Administrator', ansible_password: 'pw', ansible_port: 5985, ansible_winrm_transport: 'kerberos' },
  { ansible_user: 'wbadmin@WINBOOK.TEST', ansible_password: 'pw', ansible_port: 5985, ansible_winrm_transport: ['kerberos', 'ntlm'] },
  { ansible_user: 'wbadmin@WINBOOK.TEST', ansible_password: 'pw', ansible_port: 5985, ansible_winrm_kinit_mode: 'manual' },
  { ansible_user: 'wbadmin@WINBOOK.TEST', ansible_password: 'pw' },
  { ansible_user: 'Administrator', ansible_password: 'pw' },
];

function ansible(cases: Vars[]): AnsibleChoice[] {
  return JSON.parse(execFileSync(PYTHON, ['-c', ORACLE], { input: JSON.stringify(cases), encoding: 'utf8' })) as AnsibleChoice[];
}

/** winbook's transport for Ansible's list: the first entry, with the documented replacements. */
function expectedTransport(list: string[]): { transport: string; ntlmFallback: boolean } {
  const [first, ...rest] = list;
  // Ansible tries Basic (plaintext/ssl) after a failed Kerberos logon when the transport was not set; winbook does
  // not (docs/compatibility.md): only an ntlm that the inventory lists is a fallback.
  if (first === 'kerberos') return { transport: 'kerberos', ntlmFallback: rest.includes('ntlm') };
  // Unset without user@REALM: Ansible uses Basic, winbook NTLM (Basic is off on Windows by default).
  if (first === 'plaintext' || first === 'ssl') return { transport: 'ntlm', ntlmFallback: false };
  return { transport: first as string, ntlmFallback: false };
}

describe.skipIf(!available)('the default WinRM transport against Ansible 2.14\'s winrm plugin', () => {
  it('picks what Ansible picks, or differs exactly as documented', () => {
    const oracle = ansible(CASES);
    const rows = CASES.map((vars, i) => {
      const a = oracle[i] as AnsibleChoice;
      const w = connectionSettings('h', vars);
      const implicit = vars.ansible_winrm_transport === undefined;
      return {
        vars: JSON.stringify(vars),
        ansible: { ...expectedTransport(a.transport), scheme: a.scheme, port: a.port, managed: a.managed && a.transport.includes('kerberos') },
        winbook: {
          transport: w.winrmTransport,
          ntlmFallback: w.ntlmFallback === true,
          // Without ansible_port, winbook's default is 5985/http where Ansible's is 5986/https (documented).
          scheme: vars.ansible_port === undefined && vars.ansible_winrm_scheme === undefined ? (w.scheme === 'http' ? 'https' : 'unexpected') : w.scheme,
          port: vars.ansible_port === undefined ? (w.port === 5985 ? 5986 : -1) : w.port,
          managed: w.kerberos?.mode === 'managed',
        },
        implicit,
      };
    });
    for (const r of rows) expect(r.winbook, r.vars).toEqual(r.ansible);
    // The oracle really chose Kerberos from the @ alone, and Basic otherwise (the cases test what they claim).
    expect(oracle[0]?.transport).toEqual(['kerberos', 'plaintext']);
    expect(oracle[1]?.transport).toEqual(['kerberos', 'ssl']);
    expect(oracle[4]?.transport).toEqual(['plaintext']);
    expect(oracle[5]?.transport).toEqual(['ssl']);
  });

  it('refuses negotiate, as Ansible does (winbook at load, with the spelling that means it)', () => {
    const vars = { ansible_user: 'wbadmin@WINBOOK.TEST', ansible_password: 'pw', ansible_port: 5985, ansible_winrm_transport: 'negotiate' };
    const r = spawnSync(PYTHON, ['-c', ORACLE], { input: JSON.stringify([vars]), encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("does not support transport(s) ['negotiate']");
    let err: unknown;
    try {
      connectionSettings('h', vars);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'CONNECTION_UNSUPPORTED', exitCode: 3 });
    expect((err as { hint: string }).hint).toContain('[kerberos, ntlm]');
  });
});
