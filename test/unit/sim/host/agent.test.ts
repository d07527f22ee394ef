import { describe, expect, it } from 'vitest';
import { READY_LINE, agentCommandLine, encodeRequest } from '../../../../src/agent/protocol.ts';
import { AgentDriver, req, scriptFor } from './agent-io.ts';
import { ctx, newHost, run } from './run.ts';

describe('agent emulation', () => {
  it('writes READY at start, in UTF-8 with CRLF', async () => {
    const a = new AgentDriver(newHost());
    await a.proc.waitForOutput(1000);
    expect(a.proc.drain().stdout.toString('utf8')).toBe(`${READY_LINE}\r\n`);
  });

  it('answers two requests sent in one chunk and one split across chunks, each framed', () => {
    const a = new AgentDriver(newHost());
    a.send(
      encodeRequest(req('1', 'win_ping', {}, { script: scriptFor('win_ping') })) + encodeRequest(req('2', 'win_ping', { data: 'héllo' })),
    );
    const third = encodeRequest(req('3', 'win_ping', { data: 'split' }));
    a.send(third.slice(0, 10));
    a.send(third.slice(10, 25));
    expect(a.results()).toEqual([
      { id: '1', result: { changed: false, ping: 'pong' } },
      { id: '2', result: { changed: false, ping: 'héllo' } },
    ]);
    a.send(third.slice(25).replace('\n', '\r\n'));
    expect(a.results()).toEqual([{ id: '3', result: { changed: false, ping: 'split' } }]);
    expect(a.proc.isExited).toBe(false);
  });

  it('frames results exactly as the protocol says', () => {
    const a = new AgentDriver(newHost());
    a.proc.drain();
    a.request(req('x1', 'win_ping', {}, { script: scriptFor('win_ping') }));
    expect(a.proc.drain().stdout.toString('utf8')).toBe('<<WINBOOK-BEGIN x1>>\r\n{"changed":false,"ping":"pong"}\r\n<<WINBOOK-END x1>>\r\n');
  });

  it('requires the script on first use of a module, as PowerShell would', () => {
    const a = new AgentDriver(newHost());
    expect(a.call(req('1', 'win_ping', {}))).toEqual({
      failed: true,
      msg: "The term 'win_ping' is not recognized as the name of a cmdlet, function, script file, or operable program.",
    });
  });

  it('fails a module the simulated host has no behaviour for', () => {
    const a = new AgentDriver(newHost());
    expect(a.call(req('1', 'win_frob', {}, { script: scriptFor('win_frob') }))).toEqual({
      failed: true,
      msg: "the simulated host has no behaviour for module 'win_frob'",
    });
  });

  it('turns a behaviour that throws into a failed result', () => {
    const a = new AgentDriver(newHost());
    expect(a.call(req('1', 'win_ping', { data: 'crash' }, { script: scriptFor('win_ping') }))).toEqual({ failed: true, msg: 'boom' });
  });

  it('runs a last unterminated line and exits 0 when stdin ends', () => {
    const a = new AgentDriver(newHost());
    a.send(encodeRequest(req('1', 'win_ping', {}, { script: scriptFor('win_ping') })).trimEnd(), true);
    expect(a.results()).toEqual([{ id: '1', result: { changed: false, ping: 'pong' } }]);
    expect(a.proc.drain()).toMatchObject({ exited: true, rc: 0 });
  });

  it('starts the agent through cmd-less and case-varied command lines too', () => {
    const line = agentCommandLine('# winbook-agent-bootstrap v1\n').replace('powershell.exe -NoProfile', 'PowerShell -noprofile').replace('-EncodedCommand', '-enc');
    const p = newHost().start(line, ctx, true);
    expect(p.drain().stdout.toString()).toBe(`${READY_LINE}\r\n`);
  });

  it('refuses any other PowerShell script in CLIXML on stderr with rc 1', () => {
    const r = run(newHost(), agentCommandLine('Get-Service'));
    expect(r.rc).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^#< CLIXML\r\n<Objs Version="1\.1\.0\.1" xmlns="http:\/\/schemas\.microsoft\.com\/powershell\/2004\/04"><S S="Error">.*runs only the winbook agent.*_x000D__x000A_<\/S><\/Objs>$/);
  });
});
