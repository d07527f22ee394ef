import { afterEach, describe, expect, it } from 'vitest';
import { buildCommand, parseCommandResponse } from '../../../../src/transport/winrm/wsman/command.ts';
import { buildCreateShell, parseCreateShellResponse } from '../../../../src/transport/winrm/wsman/create-shell.ts';
import { buildDeleteShell } from '../../../../src/transport/winrm/wsman/delete-shell.ts';
import { parseFault } from '../../../../src/transport/winrm/wsman/fault.ts';
import type { RequestContext } from '../../../../src/transport/winrm/wsman/header.ts';
import { buildReceive, parseReceiveResponse } from '../../../../src/transport/winrm/wsman/receive.ts';
import type { ReceiveResult } from '../../../../src/transport/winrm/wsman/receive.ts';
import { buildSend } from '../../../../src/transport/winrm/wsman/send.ts';
import { buildSignal } from '../../../../src/transport/winrm/wsman/signal.ts';
import type { WinrmListenerOptions } from '../../../../src/sim/winrm/server.ts';
import { ADMIN, startSim } from './setup.ts';
import type { Sim } from './setup.ts';
import { SimWinrmClient } from './test-client.ts';

let sim: Sim | undefined;
const open: SimWinrmClient[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) c.conn.close();
  await sim?.listener.close();
  sim = undefined;
});

async function session(extra: Partial<WinrmListenerOptions> = {}, timeoutSec = 20) {
  sim ??= await startSim(2, extra);
  const c = await SimWinrmClient.open(sim.listener);
  open.push(c);
  expect((await c.login(ADMIN.username, ADMIN.password)).status).toBe(200);
  const ctx: RequestContext = { to: sim.listener.url, operationTimeoutSec: timeoutSec };
  return { c, ctx };
}

async function ok(c: SimWinrmClient, xml: string): Promise<string> {
  const r = await c.call(xml);
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.xml}`);
  return r.xml;
}

async function fault(c: SimWinrmClient, xml: string) {
  const r = await c.call(xml);
  expect(r.status).toBe(500);
  const f = parseFault(r.xml);
  if (!f) throw new Error(`no fault in ${r.xml}`);
  return f;
}

async function receiveAll(c: SimWinrmClient, ctx: RequestContext, shellId: string, commandId: string) {
  let stdout = Buffer.alloc(0);
  let stderr = Buffer.alloc(0);
  let last: ReceiveResult;
  let replies = 0;
  do {
    last = parseReceiveResponse(await ok(c, buildReceive(ctx, { shellId, commandId }).xml));
    stdout = Buffer.concat([stdout, last.stdout]);
    stderr = Buffer.concat([stderr, last.stderr]);
    replies++;
  } while (!last.done);
  return { stdout: stdout.toString(), stderr: stderr.toString(), exitCode: last.exitCode, replies };
}

describe('WinRS shells on the simulated listener', () => {
  it('runs Create, Command, Receive, Signal and Delete with the exit code', async () => {
    const { c, ctx } = await session();
    const shell = parseCreateShellResponse(await ok(c, buildCreateShell(ctx).xml));
    expect(shell.shellId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(shell.owner).toBe('Administrator');
    expect(shell.clientIp).toBe('127.0.0.1');
    expect(shell.idleTimeout).toBe('PT7200.000S');

    const echo = buildCommand(ctx, { shellId: shell.shellId, command: 'echo', arguments: ['hi', 'there'] });
    const { commandId } = parseCommandResponse(await ok(c, echo.xml));
    const out = await receiveAll(c, ctx, shell.shellId, commandId);
    expect(out).toMatchObject({ stdout: 'echo hi there\r\n', stderr: 'Administrator@C:\\Users\\Administrator', exitCode: 0 });

    const exit3 = buildCommand(ctx, { shellId: shell.shellId, command: 'exit 3' });
    const cmd3 = parseCommandResponse(await ok(c, exit3.xml)).commandId;
    expect((await receiveAll(c, ctx, shell.shellId, cmd3)).exitCode).toBe(3);
    await ok(c, buildSignal(ctx, { shellId: shell.shellId, commandId: cmd3, code: 'terminate' }).xml);
    await ok(c, buildDeleteShell(ctx, { shellId: shell.shellId }).xml);
    expect(sim?.listener.actions).toMatchObject({ create: 1, command: 2, signal: 1, delete: 1 });
  });

  it('passes codepage, environment, working directory and skipCmdShell to the launcher, and echoes IdleTimeOut', async () => {
    const { c, ctx } = await session();
    const created = buildCreateShell(ctx, {
      codepage: 437,
      env: { FOO: 'bar' },
      workingDirectory: 'C:\\Temp',
      idleTimeout: 'PT60S',
    });
    const shell = parseCreateShellResponse(await ok(c, created.xml));
    expect(shell.idleTimeout).toBe('PT60.000S');
    const cmd = buildCommand(ctx, { shellId: shell.shellId, command: 'whoami', skipCmdShell: true, commandId: 'ABC-1' });
    expect(parseCommandResponse(await ok(c, cmd.xml)).commandId).toBe('ABC-1');
    const p = sim?.launcher.started[0];
    expect(p?.commandLine).toBe('whoami');
    expect(p?.skipCmdShell).toBe(true);
    expect((p as unknown as { ctx: unknown }).ctx).toEqual({
      codepage: 437,
      env: { FOO: 'bar' },
      cwd: 'C:\\Temp',
      user: 'Administrator',
    });
  });

  it('answers w:TimedOut (2150858793, HTTP 500) when a command produces nothing within OperationTimeout', async () => {
    const { c, ctx } = await session({}, 0.3);
    const shell = parseCreateShellResponse(await ok(c, buildCreateShell(ctx).xml));
    const { commandId } = parseCommandResponse(await ok(c, buildCommand(ctx, { shellId: shell.shellId, command: 'silent' }).xml));
    const t0 = Date.now();
    const f = await fault(c, buildReceive(ctx, { shellId: shell.shellId, commandId }).xml);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(f.wsmanCode).toBe(2150858793);
    expect(f.subcode).toBe('TimedOut');
    // The connection and its sealing state survive a fault.
    await ok(c, buildSignal(ctx, { shellId: shell.shellId, commandId, code: 'ctrl_c' }).xml);
    expect((await receiveAll(c, ctx, shell.shellId, commandId)).exitCode).toBe(-1073741510);
  });

  it('feeds stdin from Send and ends it on End="true"', async () => {
    const { c, ctx } = await session();
    const shell = parseCreateShellResponse(await ok(c, buildCreateShell(ctx).xml));
    const { commandId } = parseCommandResponse(await ok(c, buildCommand(ctx, { shellId: shell.shellId, command: 'cat' }).xml));
    await ok(c, buildSend(ctx, { shellId: shell.shellId, commandId, data: Buffer.from('abc'), end: false }).xml);
    await ok(c, buildSend(ctx, { shellId: shell.shellId, commandId, data: Buffer.from('def'), end: true }).xml);
    expect(await receiveAll(c, ctx, shell.shellId, commandId)).toMatchObject({ stdout: 'abcdef', exitCode: 0 });
  });

  it('splits output larger than the client MaxEnvelopeSize over several Receive replies', async () => {
    const { c, ctx } = await session();
    const shell = parseCreateShellResponse(await ok(c, buildCreateShell(ctx).xml));
    const { commandId } = parseCommandResponse(await ok(c, buildCommand(ctx, { shellId: shell.shellId, command: 'big 400000' }).xml));
    const out = await receiveAll(c, ctx, shell.shellId, commandId);
    expect(out.stdout.length).toBe(400000);
    expect(out.replies).toBeGreaterThan(3);
  });

  it('answers fault 87 to a Receive without CommandId', async () => {
    const { c, ctx } = await session();
    const shell = parseCreateShellResponse(await ok(c, buildCreateShell(ctx).xml));
    const xml = buildReceive(ctx, { shellId: shell.shellId, commandId: 'X' }).xml.replace(/ CommandId="X"/, '');
    const f = await fault(c, xml);
    expect(f.wsmanCode).toBe(87);
    expect(f.subcode).toBe('InvalidParameter');
  });

  it('frees the command id on terminate: a later Receive gets 2150858843', async () => {
    const { c, ctx } = await session();
    const shell = parseCreateShellResponse(await ok(c, buildCreateShell(ctx).xml));
    const { commandId } = parseCommandResponse(await ok(c, buildCommand(ctx, { shellId: shell.shellId, command: 'silent' }).xml));
    await ok(c, buildSignal(ctx, { shellId: shell.shellId, commandId, code: 'terminate' }).xml);
    const f = await fault(c, buildReceive(ctx, { shellId: shell.shellId, commandId }).xml);
    expect(f.wsmanCode).toBe(2150858843);
    expect(f.reason).toMatch(/command identifier/);
  });

  it('forgets a deleted shell: later use gets shell not found (2150858843)', async () => {
    const { c, ctx } = await session();
    const shell = parseCreateShellResponse(await ok(c, buildCreateShell(ctx).xml));
    await ok(c, buildDeleteShell(ctx, { shellId: shell.shellId }).xml);
    const f = await fault(c, buildCommand(ctx, { shellId: shell.shellId, command: 'echo' }).xml);
    expect(f.wsmanCode).toBe(2150858843);
    expect(f.reason).toContain(shell.shellId);
  });

  it('closes a shell left idle past its IdleTimeOut', async () => {
    const { c, ctx } = await session();
    const shell = parseCreateShellResponse(await ok(c, buildCreateShell(ctx, { idleTimeout: 'PT0.2S' }).xml));
    expect(shell.idleTimeout).toBe('PT0.200S');
    await new Promise((r) => setTimeout(r, 300));
    const f = await fault(c, buildCommand(ctx, { shellId: shell.shellId, command: 'echo' }).xml);
    expect(f.wsmanCode).toBe(2150858843);
  });

  it('enforces maxShellsPerUser with fault 2150859173', async () => {
    const { c, ctx } = await session({ maxShellsPerUser: 2 });
    await ok(c, buildCreateShell(ctx).xml);
    await ok(c, buildCreateShell(ctx).xml);
    const f = await fault(c, buildCreateShell(ctx).xml);
    expect(f.wsmanCode).toBe(2150859173);
  });

  it('answers an unknown action with a:ActionNotSupported', async () => {
    const { c, ctx } = await session();
    const xml = buildDeleteShell(ctx, { shellId: 'X' }).xml.replace(/transfer\/Delete/, 'transfer/Frobnicate');
    const r = await c.call(xml);
    expect(r.status).toBe(500);
    expect(r.xml).toContain('ActionNotSupported');
  });
});
