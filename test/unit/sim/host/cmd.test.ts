import { describe, expect, it } from 'vitest';
import { ctx, newHost, run } from './run.ts';

describe('cmd.exe emulation', () => {
  it('prints the host name with CRLF', () => {
    expect(run(newHost(), 'hostname')).toEqual({ stdout: 'WIN01\r\n', stderr: '', rc: 0 });
  });

  it('prints whoami as lower-case host\\user', () => {
    expect(run(newHost(), 'whoami').stdout).toBe('win01\\administrator\r\n');
  });

  it('echoes the rest of the line verbatim, including quotes and the space before an operator', () => {
    const h = newHost();
    expect(run(h, 'echo "hello"  world').stdout).toBe('"hello"  world\r\n');
    expect(run(h, 'echo hi & echo there').stdout).toBe('hi \r\nthere\r\n');
    expect(run(h, 'echo.').stdout).toBe('\r\n');
    expect(run(h, 'echo').stdout).toBe('ECHO is on.\r\n');
    expect(run(h, 'echo a^&b').stdout).toBe('a&b\r\n');
  });

  it('exits with the given code, with or without /b', () => {
    const h = newHost();
    expect(run(h, 'exit /b 4').rc).toBe(4);
    expect(run(h, 'exit 7').rc).toBe(7);
    expect(run(h, 'exit 5 & echo never')).toEqual({ stdout: '', stderr: '', rc: 5 });
  });

  it('nests cmd /c and cmd.exe /c, so pywinrm run_cmd("cmd", ["/c", "exit 3"]) gives rc 3', () => {
    const h = newHost();
    expect(run(h, 'cmd /c exit 3').rc).toBe(3);
    expect(run(h, 'cmd.exe /C "exit /b 9"').rc).toBe(9);
    expect(run(h, 'C:\\Windows\\System32\\cmd.exe /c cmd /c hostname').stdout).toBe('WIN01\r\n');
    // exit inside the nested cmd ends only that cmd
    expect(run(h, 'cmd /c exit 3 & echo after')).toEqual({ stdout: 'after\r\n', stderr: '', rc: 3 });
  });

  it('chains with &&, || and &', () => {
    const h = newHost();
    expect(run(h, 'cmd /c exit 1 && echo no').stdout).toBe('');
    expect(run(h, 'cmd /c exit 1 || echo yes').stdout).toBe('yes\r\n');
    expect(run(h, 'hostname && echo ok').stdout).toBe('WIN01\r\nok\r\n');
    expect(run(h, 'hostname || echo no').stdout).toBe('WIN01\r\n');
  });

  it('prints ver as Windows does', () => {
    expect(run(newHost(), 'ver').stdout).toBe('\r\nMicrosoft Windows [Version 10.0.17763.5458]\r\n');
  });

  it('refuses an unknown command with cmd.exe words and rc 1', () => {
    expect(run(newHost(), 'frobnicate --now')).toEqual({
      stdout: '',
      stderr: "'frobnicate' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
      rc: 1,
    });
  });

  it('queries a service in sc.exe layout', () => {
    expect(run(newHost(), 'sc query Spooler').stdout).toBe(
      '\r\nSERVICE_NAME: Spooler\r\n' +
        '        TYPE               : 10  WIN32_OWN_PROCESS\r\n' +
        '        STATE              : 4  RUNNING\r\n' +
        '                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\r\n' +
        '        WIN32_EXIT_CODE    : 0  (0x0)\r\n' +
        '        SERVICE_EXIT_CODE  : 0  (0x0)\r\n' +
        '        CHECKPOINT         : 0x0\r\n' +
        '        WAIT_HINT          : 0x0\r\n\r\n',
    );
  });

  it('answers sc query for an unknown service with 1060', () => {
    expect(run(newHost(), 'sc.exe query nosuch')).toEqual({
      stdout: '[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an installed service.\r\n\r\n',
      stderr: '',
      rc: 1060,
    });
  });

  it('starts and stops services with net, in net.exe words', () => {
    const h = newHost();
    expect(run(h, 'net start W32Time')).toEqual({
      stdout: 'The Windows Time service is starting.\r\nThe Windows Time service was started successfully.\r\n\r\n',
      stderr: '',
      rc: 0,
    });
    expect(run(h, 'net start w32time').stderr).toBe(
      'The requested service has already been started.\r\n\r\nMore help is available by typing NET HELPMSG 2182.\r\n\r\n',
    );
    expect(run(h, 'net stop "Windows Time"').stdout).toContain('The Windows Time service was stopped successfully.');
    expect(run(h, 'net stop W32Time')).toMatchObject({ rc: 2, stderr: expect.stringContaining('NET HELPMSG 3521') });
    expect(run(h, 'net start nosuch')).toMatchObject({ rc: 2, stderr: expect.stringContaining('The service name is invalid.') });
  });

  it('reports SCM refusals from net start as System error N', () => {
    const h = newHost();
    run(h, 'sc query wuauserv');
    const svc = h.state.services.find((s) => s.name === 'wuauserv');
    if (svc) svc.start_mode = 'disabled';
    expect(run(h, 'net start wuauserv')).toEqual({
      stdout: '',
      stderr:
        'System error 1058 has occurred.\r\n\r\nThe service cannot be started, either because it is disabled or because it has no enabled devices associated with it.\r\n\r\n',
      rc: 2,
    });
  });

  it('refuses a cmd built-in when skipCmdShell runs the line without cmd.exe', () => {
    expect(() => newHost().start('echo hi', ctx, true)).toThrow('The system cannot find the file specified.');
    expect(run(newHost(), 'hostname', true).stdout).toBe('WIN01\r\n');
  });
});
