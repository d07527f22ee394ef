/**
 * How the raw module reaches a transport (engine/module-invoke.ts): over WinRM the line Ansible sends
 * (PowerShell -EncodedCommand) with a CLIXML stderr read as Ansible reads it, and no msg on success; over SSH the line
 * unchanged (or `EXECUTABLE -c 'LINE'`) and a warning that Ansible would run it as PowerShell on a Windows host.
 */
import { describe, expect, it } from 'vitest';
import { invokeModule } from '../../../src/engine/module-invoke.ts';
import type { HostState } from '../../../src/engine/run-context.ts';
import { raw } from '../../../src/modules/raw/index.ts';
import { clixmlStream } from '../../../src/sim/host/clixml.ts';
import type { ExecOptions, Transport } from '../../../src/transport/types.ts';

function fakeHost(rawShell: 'powershell' | undefined, reply: { rc: number; stdout: string; stderr: string }) {
  const sent: Array<{ line: string; opts?: ExecOptions }> = [];
  const transport = {
    host: 'win01',
    ...(rawShell ? { rawShell } : {}),
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
    const warnings: string[] = [];
    const r = await invokeModule(raw, { _raw_params: 'Get-Thing\n\n  x  ', executable: 'cmd.exe' }, { host, check: false, diff: false, vars: {}, warn: (m) => warnings.push(m) });
    expect(sent).toEqual([{ line: `PowerShell -NoProfile -NonInteractive -ExecutionPolicy Unrestricted -EncodedCommand ${Buffer.from('Get-Thing\nx', 'utf16le').toString('base64')}`, opts: { signal: undefined, keepClixml: true } }]);
    expect(r).toEqual({ changed: true, rc: 1, stdout: 'out\r\n', stderr: 'bad\r\n ', stdout_lines: ['out'], stderr_lines: ['bad', ' '], failed: true, msg: 'non-zero return code' });
    expect(warnings).toEqual([]);
  });

  it('has no msg on success', async () => {
    const { host } = fakeHost('powershell', { rc: 0, stdout: '', stderr: '' });
    expect(await invokeModule(raw, { _raw_params: 'hostname' }, { host, check: false, diff: false, vars: {} })).toEqual({ changed: true, rc: 0, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [], failed: false });
  });

  it('sends the line unchanged over SSH, with the executable as Ansible builds it, and warns that Ansible would differ', async () => {
    const { host, sent } = fakeHost(undefined, { rc: 0, stdout: '', stderr: '#< CLIXML\r\nkept' });
    const warnings: string[] = [];
    const r = await invokeModule(raw, { _raw_params: "echo it's", executable: '/bin/sh' }, { host, check: false, diff: false, vars: {}, warn: (m) => warnings.push(m) });
    expect(sent[0]?.line).toBe(`/bin/sh -c 'echo it'"'"'s'`);
    expect(r.stderr).toBe('#< CLIXML\r\nkept');
    expect(warnings).toEqual([expect.stringMatching(/^raw over SSH runs the line in the server's default shell; ansible-playbook 2\.14 runs it on a Windows host as PowerShell/)]);
  });

  it('is skipped in check mode without reaching the host', async () => {
    const { host, sent } = fakeHost('powershell', { rc: 0, stdout: '', stderr: '' });
    expect(await invokeModule(raw, { _raw_params: 'hostname' }, { host, check: true, diff: false, vars: {} })).toEqual({ skipped: true, changed: false });
    expect(sent).toEqual([]);
  });
});
