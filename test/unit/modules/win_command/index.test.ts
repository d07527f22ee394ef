import { describe, expect, it } from 'vitest';
import { winCommand } from '../../../../src/modules/win_command/index.ts';
import { winShell } from '../../../../src/modules/win_shell/index.ts';
import { quoteArgument as quoteArg } from '../../../../src/sim/windows/processes.ts';

describe('win_command', () => {
  it('takes exactly one of a free-form line, cmd or argv', () => {
    expect(winCommand.schema.safeParse({ _raw_params: 'whoami' }).success).toBe(true);
    expect(winCommand.schema.safeParse({ argv: ['sc.exe', 'query'] }).success).toBe(true);
    expect(winCommand.schema.safeParse({ cmd: 'a', argv: ['b'] }).success).toBe(false);
    expect(winCommand.schema.safeParse({ chdir: 'C:\\' }).success).toBe(false);
    expect(winCommand).toMatchObject({ freeForm: true, kind: 'agent', supportsCheck: false });
  });
  it('quotes argv with the Win32 rules', () => {
    expect(['sc.exe', 'qc', 'My Service', 'a"b', 'C:\\dir\\', ''].map(quoteArg)).toEqual(['sc.exe', 'qc', '"My Service"', '"a\\"b"', 'C:\\dir\\', '""']);
    expect(quoteArg('C:\\Program Files\\')).toBe('"C:\\Program Files\\\\"');
  });
});

describe('win_shell', () => {
  it('runs PowerShell by default or cmd, and nothing else', () => {
    expect(winShell.schema.parse({ _raw_params: 'Get-Service' })).toMatchObject({ executable: 'powershell' });
    expect(winShell.schema.safeParse({ _raw_params: 'dir', executable: 'C:\\Windows\\System32\\cmd.exe' }).success).toBe(true);
    expect(winShell.schema.safeParse({ _raw_params: 'ls', executable: 'bash' }).success).toBe(false);
  });
  it('has no check mode, read with legacy Parse-Args as 1.14 reads it', () => {
    expect(winShell).toMatchObject({ supportsCheck: false, argsReader: 'legacy' });
  });
});
