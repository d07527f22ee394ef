/**
 * Issue 3 items 4 and 6: two connections per host so a Send never waits behind a long-poll Receive, transparent
 * re-authentication when a keep-alive connection drops mid-run, shells deleted at the end and on abort, task
 * timeouts that terminate the command and keep its partial output, and long-polls that resume across TimedOut.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/engine/events.ts';
import { connectionSettings } from '../../src/inventory/index.ts';
import { run } from '../../src/index.ts';
import { startWinrmListener } from '../../src/sim/winrm/server.ts';
import type { WinrmListener } from '../../src/sim/winrm/server.ts';
import { CommandTimeoutError, WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackAddress } from '../helpers/addresses.ts';
import { ScriptedLauncher } from './winrm-launcher.ts';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from './winrm-helpers.ts';

const BLOCK = 73;
const PASSWORD = 'Connections-Test-2026!';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WinRM connections, shells and timeouts', () => {
  let listener: WinrmListener;
  const launcher = new ScriptedLauncher();
  const open: WinrmTransport[] = [];

  beforeAll(async () => {
    listener = await startWinrmListener({
      address: loopbackAddress(BLOCK, 1),
      port: 5985,
      computerName: 'CONN1',
      users: new Map([['administrator', { password: PASSWORD, admin: true }]]),
      launcher,
    });
  });
  afterAll(async () => {
    await Promise.all(open.map((t) => t.close()));
    await listener.close();
  });

  async function transport(vars: Record<string, unknown> = {}): Promise<WinrmTransport> {
    const t = new WinrmTransport(connectionSettings('conn1', { ansible_host: listener.address, ansible_user: 'Administrator', ansible_password: PASSWORD, ...vars }));
    open.push(t);
    await t.open();
    return t;
  }

  it('sends stdin while a Receive long-poll is waiting, on a second connection', async () => {
    const t = await transport(); // operation timeout 20 s: one shared connection would hold the Send that long
    const p = await t.spawn('cat');
    let readDone = false;
    const read = p.read().then((o) => ((readDone = true), o));
    await sleep(100);
    await p.write('hello\n');
    expect(readDone).toBe(false);
    expect((await read).stdout.toString()).toBe('hello\n');
    await p.signal('terminate');
  }, 5000);

  it('re-authenticates transparently when the connections drop during a long-poll and between commands', async () => {
    const t = await transport();
    const p = await t.spawn('sleep 600');
    expect((await p.read()).stdout.toString()).toBe('partial output\r\n');
    const pending = p.read();
    await sleep(100);
    const before = listener.requests;
    listener.dropConnections();
    const out = await pending;
    expect(out).toMatchObject({ done: true, rc: 0 });
    expect(listener.requests - before).toBeGreaterThanOrEqual(3); // NEGOTIATE, AUTHENTICATE, Receive again
    await p.signal('terminate');
    listener.dropConnections();
    await sleep(50);
    expect((await t.exec('echo still here')).stdout).toBe('still here\r\n');
  });

  it('deletes its shell on close, also while a command is still running', async () => {
    const t = await transport();
    expect(listener.shellCount).toBeGreaterThan(0);
    const running = t.exec('sleep 60000').then(() => 'finished', () => 'rejected');
    await sleep(100);
    const proc = launcher.started.at(-1)!;
    const shellsBefore = listener.shellCount;
    await t.close();
    expect(await running).toBe('rejected');
    expect(listener.shellCount).toBe(shellsBefore - 1);
    expect(proc.terminated).toBe(true);
  });

  it('terminates a command that outlives its timeout and keeps the partial output', async () => {
    const t = await transport();
    const err = await t.exec('sleep 60000', { timeoutMs: 300 }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CommandTimeoutError);
    expect(err).toMatchObject({ code: 'WINRM_COMMAND_TIMEOUT', host: 'conn1', stdout: 'partial output\r\n' });
    expect(launcher.started.at(-1)!.terminated).toBe(true);
    expect((await t.exec('echo next')).stdout).toBe('next\r\n');
  });

  it('keeps long-polling across TimedOut faults until the command ends', async () => {
    const t = await transport({ ansible_winrm_operation_timeout_sec: 1, ansible_winrm_read_timeout_sec: 3 });
    const receives = listener.actions.receive ?? 0;
    const r = await t.exec('sleep 3500');
    expect(r).toEqual({ rc: 0, stdout: 'partial output\r\n', stderr: '' });
    // One answer with the first output, then a TimedOut about every second, then the exit.
    expect((listener.actions.receive ?? 0) - receives).toBeGreaterThanOrEqual(4);
  });

  it('leaves no shell behind when a run is interrupted mid-command', async () => {
    const dir = await tempDir();
    const inventory = join(dir, 'inventory.yml');
    const playbook = join(dir, 'play.yml');
    await writeFile(inventory, stringify({ all: { hosts: { conn1: { ansible_host: listener.address, ansible_user: 'Administrator', ansible_password: PASSWORD } } } }));
    await writeFile(playbook, stringify([{ hosts: 'all', gather_facts: false, tasks: [{ name: 'long', raw: 'sleep 1500' }] }]));
    const shells = listener.shellCount;
    const abort = new AbortController();
    const bus = new EventBus();
    bus.on((e) => {
      if (e.type === 'host.start') setTimeout(() => abort.abort(), 200);
    });
    const summary = await run({ playbook, inventory: [inventory], bus, signal: abort.signal });
    expect(summary.exitCode).toBe(99);
    expect(listener.shellCount).toBe(shells);
  });
});
