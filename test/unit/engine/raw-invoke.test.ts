/**
 * How the raw module reaches a transport (engine/module-invoke.ts): over WinRM the line Ansible sends
 * (PowerShell -EncodedCommand) with a CLIXML stderr read as Ansible reads it, and no msg on success; over SSH the line
 * behind `chcp.com 65001` as Ansible's ssh connection sends it for a Windows shell, its stderr as written; `executable`
 * ignored everywhere, as Ansible ignores it on a Windows host.
 */
import { describe, expect, it } from 'vitest';
import { invokeModule } from '../../../src/engine/module-invoke.ts';
import type { HostState } from '../../../src/engine/run-context.ts';
import { raw } from '../../../src/modules/raw/index.ts';
import { clixmlStream } from '../../../src/sim/host/clixml.ts';
import type { ExecOptions, Transport } from '../../../src/transport/types.ts';

function fakeHost(rawShell: 'powershell' | 'ssh-cmd' | 'ssh-powershell', reply: { rc: number; stdout: string; stderr: string }) {
  const sent: Array<{ line: string; opts?: ExecOptions }> = [];
  const transport = {
    host: 'win01',
    rawShell,
    exec: async (line: string, opts?: ExecOptions) => {
      sent.push({ line, opts });
      return reply;
    },
  } as unknown as Transport;
  const host = { name: 'win01', conn: { getTransport: async () => transport } } as unknown as HostState;
  return { host, sent };
}

describe('raw', () => {
  it('sends the line as PowerShell over WinRM and reads the CLIXML stderr as Ansible does', async () => {
    const stderr = clixmlStream([{ stream: 'Error', text: 'bad' }, { stream: 'Error', text: ' ' }]);
    const { host, sent } = fakeHost('powershell', { rc: 1, stdout: 'out\r\n', stderr });
    const r = await invokeModule(raw, { _raw_params: 'Get-Thing\n\n  x  ', executable: 'cmd.exe' }, { host, check: false, diff: false, vars: {} });
    expect(sent).toEqual([{ line: `PowerShell -NoProfile -NonInteractive -ExecutionPolicy Unrestricted -EncodedCommand ${Buffer.from('Get-Thing\nx', 'utf16le').toString('base64')}`, opts: { signal: undefined, keepClixml: true } }]);
    expect(r).toEqual({ changed: true, rc: 1, stdout: 'out\r\n', stderr: 'bad\r\n ', stdout_lines: ['out'], stderr_lines: ['bad', ' '], failed: true, msg: 'non-zero return code' });
  });

  it('has no msg on success', async () => {
    const { host } = fakeHost('powershell', { rc: 0, stdout: '', stderr: '' });
    expect(await invokeModule(raw, { _raw_params: 'hostname' }, { host, check: false, diff: false, vars: {} })).toEqual({ changed: true, rc: 0, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [], failed: false });
  });

  it.each([
    ['ssh-cmd', 'chcp.com 65001 >nul 2>&1 && '],
    ['ssh-powershell', 'chcp.com 65001 > $null ; '],
  ] as const)('over SSH (%s) sends the same PowerShell behind chcp.com 65001, ignores executable and keeps stderr as written', async (shell, prefix) => {
    const { host, sent } = fakeHost(shell, { rc: 0, stdout: '', stderr: '#< CLIXML\r\nkept' });
    const r = await invokeModule(raw, { _raw_params: 'hostname', executable: '/bin/sh' }, { host, check: false, diff: false, vars: {} });
    expect(sent).toEqual([{ line: `${prefix}PowerShell -NoProfile -NonInteractive -ExecutionPolicy Unrestricted -EncodedCommand ${Buffer.from('hostname', 'utf16le').toString('base64')}`, opts: { signal: undefined } }]);
    expect(r.stderr).toBe('#< CLIXML\r\nkept');
  });

  it('is skipped in check mode without reaching the host', async () => {
    const { host, sent } = fakeHost('powershell', { rc: 0, stdout: '', stderr: '' });
    expect(await invokeModule(raw, { _raw_params: 'hostname' }, { host, check: true, diff: false, vars: {} })).toEqual({ skipped: true, changed: false });
    expect(sent).toEqual([]);
  });
});
