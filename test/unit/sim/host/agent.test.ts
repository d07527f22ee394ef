/**
 * The agent on a simulated host is the real bootstrap running in the simulator's pwsh worker: these cases drive it
 * through the process API the WinRM and SSH servers use (stdin in arbitrary chunks, framed results on stdout).
 */
import { encodePowerShell } from '../../../../src/agent/protocol.ts';
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP } from '../../../../src/agent/bootstrap.ts';
import { READY_LINE, agentCommandLine, encodeRequest } from '../../../../src/agent/protocol.ts';
import { AgentDriver, req, scriptFor, withLib } from './agent-io.ts';
import { newHost, run, runToEnd } from './run.ts';

describe('the simulated host\'s agent (the real bootstrap in pwsh)', () => {
  it('writes READY at start, in UTF-8 with CRLF', async () => {
    const a = new AgentDriver(newHost());
    await a.waitFor(READY_LINE);
    expect(a.stdout).toBe(`${READY_LINE}\r\n`);
  });

  it('answers two requests sent in one chunk and one split across chunks, each framed', async () => {
    const a = new AgentDriver(newHost());
    a.send(encodeRequest(withLib(req('1', 'win_ping', {}, { script: scriptFor('win_ping') }))) + encodeRequest(req('2', 'win_ping', { data: 'héllo' })));
    const third = encodeRequest(req('3', 'win_ping', { data: 'split' }));
    a.send(third.slice(0, 10));
    a.send(third.slice(10, 25));
    expect(await a.results(2)).toEqual([
      { id: '1', result: { changed: false, ping: 'pong' } },
      { id: '2', result: { changed: false, ping: 'héllo' } },
    ]);
    a.send(third.slice(25).replace('\n', '\r\n'));
    expect(await a.results(1)).toEqual([{ id: '3', result: { changed: false, ping: 'split' } }]);
    expect(a.proc.isExited).toBe(false);
  });

  it('frames each result between its markers on one line, non-ASCII escaped', async () => {
    const a = new AgentDriver(newHost());
    await a.call(withLib(req('x1', 'win_ping', { data: 'é' }, { script: scriptFor('win_ping') })));
    expect(a.stdout).toMatch(/<<WINBOOK-BEGIN x1>>\r\n\{[^\r\n]*"ping":"\\u00e9"[^\r\n]*\}\r\n<<WINBOOK-END x1>>\r\n$/);
  });

  it('requires the script on first use of a module, as PowerShell would', async () => {
    const a = new AgentDriver(newHost());
    const r = await a.call(withLib(req('1', 'win_ping', {})));
    expect(r).toMatchObject({ failed: true });
    expect(String(r.msg)).toMatch(/^Unhandled exception while executing module: The term 'win_ping' is not recognized as the name of a cmdlet, function, script file, or operable program\./);
  });

  it("turns a module that throws into a failed result in Ansible's words (module_wrapper.ps1)", async () => {
    const a = new AgentDriver(newHost());
    const r = await a.call(withLib(req('1', 'win_ping', { data: 'crash' }, { script: scriptFor('win_ping') })));
    expect(r).toMatchObject({ failed: true, msg: 'Unhandled exception while executing module: boom' });
    expect(String(r.exception)).toContain('boom');
  });

  it('runs a last unterminated line and exits 0 when stdin ends', async () => {
    const a = new AgentDriver(newHost());
    a.send(encodeRequest(withLib(req('1', 'win_ping', {}, { script: scriptFor('win_ping') }))).trimEnd(), true);
    expect(await a.results(1)).toEqual([{ id: '1', result: { changed: false, ping: 'pong' } }]);
    while (!a.proc.isExited) await a.proc.waitForOutput(5000);
    expect(a.proc.drain()).toMatchObject({ exited: true, rc: 0 });
  });

  it('starts the agent through cmd-less and case-varied command lines too', async () => {
    const line = agentCommandLine(BOOTSTRAP).replace('powershell.exe -NoProfile', 'PowerShell -noprofile').replace('-EncodedCommand', '-enc');
    const a = new AgentDriver(newHost(), line, true);
    await a.waitFor(READY_LINE);
    expect(a.stdout).toBe(`${READY_LINE}\r\n`);
  });

  it('runs any other PowerShell script as a user\'s script, its errors in CLIXML on stderr (test/integration/raw-powershell.test.ts has more)', async () => {
    const r = await runToEnd(newHost(), agentCommandLine('Get-NoSuchCmdlet'));
    expect(r.rc).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^#< CLIXML\r\n<Objs Version="1\.1\.0\.1" xmlns="http:\/\/schemas\.microsoft\.com\/powershell\/2004\/04"><S S="Error">Get-NoSuchCmdlet : The term 'Get-NoSuchCmdlet' is not recognized .*_x000D__x000A_<\/S><\/Objs>$/);
    expect(await runToEnd(newHost(), agentCommandLine('"two: $(1 + 1)"'))).toEqual({ stdout: 'two: 2\r\n', stderr: '', rc: 0 });
  }, 60_000);

  it('runs a script that only names hostname or whoami as that program at once, as Ansible\'s raw sends it', async () => {
    // ansible.builtin.raw over WinRM: PowerShell -NoProfile -NonInteractive -ExecutionPolicy Unrestricted -EncodedCommand <the line>
    const ansible = (line: string) => `PowerShell -NoProfile -NonInteractive -ExecutionPolicy Unrestricted -EncodedCommand ${encodePowerShell(line)}`;
    expect(run(newHost(), ansible('hostname'), true)).toEqual({ stdout: 'WIN01\r\n', stderr: '', rc: 0 });
    expect(run(newHost(), ansible('whoami.exe'), true)).toEqual({ stdout: 'win01\\administrator\r\n', stderr: '', rc: 0 });
    // Anything more is a user's script in the pwsh worker (not finished at once), its programs run on the host.
    expect((await runToEnd(newHost(), ansible('hostname; whoami'), true)).stdout).toBe('WIN01\r\nwin01\\administrator\r\n');
  }, 60_000);
});
