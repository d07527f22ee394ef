/** The processes verbs' simulator handlers, called directly on a default host and a Qlik node (contract/processes.ts). */
import { describe, expect, it } from 'vitest';
import { defaultHostState } from '../../../../src/sim/host/state.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { startService } from '../../../../src/sim/host/services.ts';
import { clixmlError, clixmlToText } from '../../../../src/sim/host/clixml.ts';
import { decodeCodepage, encodeCodepage } from '../../../../src/sim/host/codepage.ts';
import { WindowsError } from '../../../../src/sim/host/windows-error.ts';
import { callVerb, type VerbContext } from '../../../../src/sim/windows/index.ts';
import { quoteArgument } from '../../../../src/sim/windows/processes.ts';
import { pushCertificates } from '../../../../src/sim/qlik/unlock.ts';
import { qlikFixture } from '../qlik/fixture.ts';

function host(state = defaultHostState('WIN01')): VerbContext {
  return { state, log: new RehearsalLog(), account: 'WIN01\\Administrator' };
}

function code(f: () => unknown): number | string {
  try {
    f();
  } catch (e) {
    return e instanceof WindowsError ? e.code : String(e);
  }
  return 'no error';
}

const CMD = 'C:\\Windows\\System32\\cmd.exe';
const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

describe('processes verbs on the simulated host', () => {
  it('Find-WbProgram searches as CreateProcess does (.exe added, System32 and PowerShell\'s folder); $null when absent', () => {
    const ctx = host();
    expect(callVerb(ctx, 'Find-WbProgram', { Name: 'hostname' })).toBe('C:\\Windows\\System32\\hostname.exe');
    expect(callVerb(ctx, 'Find-WbProgram', { Name: 'SC.EXE' })).toBe('C:\\Windows\\System32\\sc.exe');
    expect(callVerb(ctx, 'Find-WbProgram', { Name: 'powershell' })).toBe(PS);
    expect(callVerb(ctx, 'Find-WbProgram', { Name: 'echo' })).toBeNull();
    expect(callVerb(ctx, 'Find-WbProgram', { Name: '%SystemRoot%\\System32\\cmd.exe' })).toBe(CMD);
    expect(callVerb(ctx, 'Find-WbProgram', { Name: 'C:\\Tools\\x.exe' })).toBeNull();
  });

  it('Invoke-WbProcess runs a program to completion: exit code, stdout, stderr, timestamps', () => {
    const ctx = host();
    const r = callVerb(ctx, 'Invoke-WbProcess', { FilePath: 'C:\\Windows\\System32\\sc.exe', ArgumentList: ['query', 'No Such'] }) as Record<string, unknown>;
    expect(r).toMatchObject({ ExitCode: 1060, TimedOut: false, Stderr: '', Stdout: expect.stringContaining('1060') });
    expect(r.Start).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(callVerb(ctx, 'Invoke-WbProcess', { FilePath: CMD, CommandLine: '/c echo one & exit 3' })).toMatchObject({ ExitCode: 3, Stdout: 'one \r\n' });
  });

  it('output is decoded with the OEM code page by default (437), UTF-8 when asked', () => {
    const ctx = host();
    expect(callVerb(ctx, 'Invoke-WbProcess', { FilePath: CMD, CommandLine: '/c echo café' })).toMatchObject({ Stdout: 'café\r\n' });
    expect(encodeCodepage('café ✓', 437)).toEqual(Buffer.from([0x63, 0x61, 0x66, 0x82, 0x20, 0x3f]));
    expect(decodeCodepage(Buffer.from([0x82, 0xe1]), 437)).toBe('éß');
    // A program writing 437 read as UTF-8 (the Utf8 switch) shows what the old runner showed: U+FFFD.
    expect((callVerb(ctx, 'Invoke-WbProcess', { FilePath: CMD, CommandLine: '/c echo café', Utf8: true }) as { Stdout: string }).Stdout).toBe('caf\ufffd\r\n');
  });

  it('a child powershell.exe\'s CLIXML stderr comes back as text', () => {
    const ctx = host();
    const script = Buffer.from('Write-Output hi; Get-Content C:\\nope.txt', 'utf16le').toString('base64');
    const r = callVerb(ctx, 'Invoke-WbProcess', { FilePath: PS, ArgumentList: ['-NoProfile', '-EncodedCommand', script] });
    expect(r).toMatchObject({ ExitCode: 1, Stdout: 'hi\r\n', Stderr: "Get-Content : Cannot find path 'C:\\nope.txt' because it does not exist.\r\n" });
    expect(clixmlToText(clixmlError('a & <b>\r\nc_x000D_'))).toBe('a & <b>\r\nc_x000D_\r\n');
    expect(clixmlToText('plain')).toBe('plain');
  });

  it('arguments are quoted with the CommandLineToArgvW rules', () => {
    expect(quoteArgument('plain')).toBe('plain');
    expect(quoteArgument('')).toBe('""');
    expect(quoteArgument('a b')).toBe('"a b"');
    expect(quoteArgument('C:\\Program Files\\')).toBe('"C:\\Program Files\\\\"');
    expect(quoteArgument('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteArgument('a\\"b')).toBe('"a\\\\\\"b"');
  });

  it('CreateProcess\'s refusals: 2 for a missing program, 267 for a missing working folder', () => {
    const ctx = host();
    expect(code(() => callVerb(ctx, 'Invoke-WbProcess', { FilePath: 'C:\\Tools\\missing.exe' }))).toBe(2);
    expect(code(() => callVerb(ctx, 'Invoke-WbProcess', { FilePath: CMD, CommandLine: '/c ver', WorkingDirectory: 'C:\\Nowhere' }))).toBe(267);
    expect(code(() => callVerb(ctx, 'Wait-WbProcess', { Id: 99999, TimeoutSeconds: 1 }))).toBe(87);
  });

  it('the child gets the agent\'s process environment and its own variables', () => {
    const ctx = host();
    ctx.state.process_env = { APP_STAGE: 'test' };
    const script = Buffer.from('Write-Output "$env:App_Stage/$env:Extra"', 'utf16le').toString('base64');
    expect(callVerb(ctx, 'Invoke-WbProcess', { FilePath: PS, ArgumentList: ['-EncodedCommand', script], Environment: { EXTRA: 'x' } })).toMatchObject({ Stdout: 'test/x\r\n' });
  });
});

describe('Start-WbProcess and Wait-WbProcess on a Qlik rim', () => {
  it('returns at the waiting line with the process running; after the unlock, Wait-WbProcess sees exit code 0', () => {
    const f = qlikFixture();
    const ctx = host(f.fresh);
    ctx.account = 'Administrator';
    startService(f.fresh, 'QlikSenseServiceDispatcher', { account: 'Administrator', log: ctx.log });
    const exe = 'C:\\Program Files\\Qlik\\Sense\\Repository\\Repository.exe';
    const started = callVerb(ctx, 'Start-WbProcess', { FilePath: exe, ArgumentList: ['-bootstrap'], WaitPattern: 'Waiting for certificates', TimeoutSeconds: 60 }) as Record<string, unknown>;
    expect(started).toMatchObject({ HasExited: false, ExitCode: null, Matched: true, Output: expect.stringContaining('Waiting for certificates to be installed..\r\n') });
    const id = started.Id as number;
    expect(callVerb(ctx, 'Wait-WbProcess', { Id: id, TimeoutSeconds: 5 })).toMatchObject({ HasExited: false, Matched: false });
    const node = f.site.get(f.fresh.hostname)!.node;
    expect(pushCertificates(f.site, node, 'pw', 'test').ok).toBe(true);
    expect(callVerb(ctx, 'Invoke-WbHttpRequest', { Url: 'http://localhost:4570/certificateSetup', Method: 'POST', Body: '__pwd=pw' })).toMatchObject({ StatusCode: 200 });
    const done = callVerb(ctx, 'Wait-WbProcess', { Id: id, TimeoutSeconds: 5 });
    expect(done).toMatchObject({ Id: id, HasExited: true, ExitCode: 0, Output: expect.stringContaining('Bootstrap mode completed.\r\n') });
    // The listener closed with the bootstrap.
    expect(code(() => callVerb(ctx, 'Invoke-WbHttpRequest', { Url: 'http://localhost:4570/certificateSetup', Method: 'POST', Body: '__pwd=pw' }))).toBe(10061);
  });
});
