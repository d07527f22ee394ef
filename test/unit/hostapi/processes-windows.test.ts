/**
 * The Windows side of the processes verbs (src/hostapi/windows/processes.ps1) run in pwsh on this machine:
 * System.Diagnostics.Process is the same class here, so the PowerShell itself is exercised (asynchronous reads,
 * ExitCode read after WaitForExit — issue 13 B2 —, the OEM code page 437 decoded — "run-process.ps1:8-12" —,
 * stdin, the timeout kill, a kept process waited for, CLIXML decoded, CommandLineToArgvW quoting). Not Windows'
 * behaviour: program search and CreateProcess's codes other than 2 differ off Windows (the smoke playbook's job).
 */
import { describe, expect, it } from 'vitest';
import { windowsFacadeRunner } from '../../helpers/windows-facade-ps.ts';

const { run } = windowsFacadeRunner('processes', { files: ['processes.ps1'] });

describe('processes.ps1 (the Windows side) in pwsh', () => {
  it('Invoke-WbProcess: exit code after the exit, both streams, the OEM code page, stdin, a timeout', async () => {
    const r = await run(`@{
      run = Invoke-WbProcess -FilePath /bin/sh -ArgumentList @('-c', 'printf "caf\\202\\n"; echo err >&2; exit 3')
      stdin = Invoke-WbProcess -FilePath /bin/cat -Stdin 'from stdin' -Utf8
      late = Invoke-WbProcess -FilePath /bin/sleep -ArgumentList @('5') -TimeoutSeconds 1
      missing = try { Invoke-WbProcess -FilePath /nonexistent/x } catch { Code $_ }
    }`);
    // 0x82 is é in code page 437: the old runner decoded it as UTF-8 (U+FFFD).
    expect(r.run).toMatchObject({ ExitCode: 3, Stdout: 'café\n', Stderr: 'err\n', TimedOut: false });
    expect((r.run as { Start: string }).Start).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(r.stdin).toMatchObject({ ExitCode: 0, Stdout: 'from stdin' });
    expect(r.late).toMatchObject({ ExitCode: -1, TimedOut: true });
    expect(r.missing).toBe(2);
  });

  it('Start-WbProcess returns at the line it waits for with the process running; Wait-WbProcess sees its exit code', async () => {
    const r = await run(`
      $s = Start-WbProcess -FilePath /bin/sh -ArgumentList @('-c', 'echo one; echo Waiting for certificates to be installed..; sleep 1; echo done') -WaitPattern 'Waiting for certificates' -TimeoutSeconds 10
      @{ started = $s; done = (Wait-WbProcess -Id $s.Id -TimeoutSeconds 10); unknown = try { Wait-WbProcess -Id 1 -TimeoutSeconds 1 } catch { Code $_ } }`);
    expect(r.started).toMatchObject({ HasExited: false, ExitCode: null, Matched: true, Output: 'one\r\nWaiting for certificates to be installed..\r\n' });
    expect(r.done).toMatchObject({ HasExited: true, ExitCode: 0, Output: 'one\r\nWaiting for certificates to be installed..\r\ndone\r\n' });
    expect(r.unknown).toBe(87);
  });

  it('quotes arguments with the CommandLineToArgvW rules and decodes CLIXML', async () => {
    const clixml = '#< CLIXML\\r\\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">a &amp; &lt;b&gt;_x000D__x000A_</S><S S="Error">c_x005F_x000D_</S></Objs>';
    const r = await run(`@{
      quoted = @('plain', '', 'a b', 'C:\\Program Files\\', 'say "hi"') | ForEach-Object { ConvertTo-WbArgumentText -Argument $_ }
      text = ConvertFrom-WbClixml -Text "${clixml.replace(/"/g, '`"').replace(/\\r\\n/g, '`r`n')}"
      plain = ConvertFrom-WbClixml -Text 'not clixml'
    }`);
    expect(r.quoted).toEqual(['plain', '""', '"a b"', '"C:\\Program Files\\\\"', '"say \\"hi\\""']);
    expect(r.text).toBe('a & <b>\r\nc_x000D_');
    expect(r.plain).toBe('not clixml');
  });
});
