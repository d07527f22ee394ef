/**
 * MaxConcurrentOperationsPerUser over real loopback sockets, NTLM with sealed messages: a simulated host that
 * counts every Command against the user until its shell is deleted ([MS-WSMV] note <118>; src/sim/winrm/quotas.ts),
 * and the client that recycles its shells before the quota and recovers once when it is hit (shell-pool.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/engine/events.ts';
import type { RunEvent } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { RemoteError } from '../../src/errors.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { siteTransport, tempDir } from './winrm-helpers.ts';

const QUOTA = 5;

/** Requests per loop item, from the running totals at each item's result (the loop's own result last). */
function perItem(totals: number[]): number[] {
  const items = totals.slice(0, -1);
  return items.map((t, i) => t - (i === 0 ? 0 : items[i - 1]!));
}

describe('WinRM operations quota (MaxConcurrentOperationsPerUser)', () => {
  let site: SimSite;
  let dir: string;

  beforeAll(async () => {
    // win01 and win02 allow 5 operations per user; win03 40, which the client can read from its configuration.
    site = await startSimSite({
      hosts: 3,
      baseAddress: loopbackBlock(80),
      listener: { maxConcurrentOperationsPerUser: QUOTA },
      perHost: { win03: { maxConcurrentOperationsPerUser: 40 } },
    });
    dir = await tempDir();
  });
  afterAll(async () => {
    await site?.close();
  });

  const listener = (i: number) => site.hosts[i]!.listener;

  async function play(host: number, tasks: Array<Record<string, unknown>>): Promise<{ events: RunEvent[]; perTask: Map<string, number[]>; exitCode: number }> {
    const h = site.hosts[host]!;
    const inventory = join(dir, `inventory-${h.name}.yml`);
    const playbook = join(dir, `play-${h.name}.yml`);
    await writeFile(inventory, stringify({ all: { hosts: { [h.name]: { ansible_host: h.address, ansible_connection: 'winrm', ansible_user: site.adminUser, ansible_password: site.adminPassword } } } }));
    await writeFile(playbook, stringify([{ hosts: 'all', gather_facts: false, tasks }]));
    const bus = new EventBus();
    const events: RunEvent[] = [];
    // HTTP requests each task cost, read at the simulator between its host.start and host.result.
    const perTask = new Map<string, number[]>();
    let started = 0;
    bus.on((e) => {
      events.push(e);
      if (e.type === 'host.start') started = h.listener.requests;
      if (e.type === 'host.result') perTask.set(e.task, [...(perTask.get(e.task) ?? []), h.listener.requests - started]);
    });
    const summary = await run({ playbook, inventory: [inventory], bus, forks: 5 });
    return { events, perTask, exitCode: summary.exitCode };
  }

  it('runs 16 raw tasks and 4 uploads on a host that allows 5 operations, agent tasks still at 2 requests each', async () => {
    const l = listener(0);
    const before = { ...l.actions };
    const { events, perTask, exitCode } = await play(0, [
      { name: 'ping', win_ping: {} },
      { name: 'raw', raw: 'echo {{ item }}', loop: '{{ range(0, 16) | list }}' },
      // Over 32 KiB: each goes up as its own upload command beside the agent (docs/winrm.md, "Uploads").
      { name: 'copy', 'ansible.windows.win_copy': { content: "{{ 'q' * 40000 }}{{ item }}", dest: 'C:\\Windows\\Temp\\quota{{ item }}.txt' }, loop: '{{ range(0, 4) | list }}' },
      { name: 'pings', win_ping: {}, loop: '{{ range(0, 5) | list }}' },
      { name: 'last raw', raw: 'echo done' },
    ]);
    const failed = events.filter((e) => e.type === 'host.result' && e.status !== 'ok' && e.status !== 'changed');
    expect(failed).toEqual([]);
    expect(exitCode).toBe(0);
    const created = (l.actions.create ?? 0) - (before.create ?? 0);
    const commands = (l.actions.command ?? 0) - (before.command ?? 0);
    // Fault 2150859174 arrives once, before the client knows the quota (it assumes Windows' 1500); after that it
    // reads 5 from the fault's text and recycles its raw shell before the quota: never another fault.
    expect(l.faultsSent.max_operations).toBe(1);
    // The agent's shell (holding the agent's one operation for the whole run) and the raw shell, recreated every
    // 4 commands: 1 + 1 + (16 + 4 + 1 commands, 4 at a time) = 2 + 5 recycles.
    expect(commands).toBe(1 + 16 + 4 + 1 + 1);
    expect(created).toBe(7);
    expect(l.operationsHeld(site.adminUser)).toBe(0); // every shell deleted at the end of the run
    // Agent module tasks never pay for the quota: 2 requests each, as the design promises.
    expect(perItem(perTask.get('pings')!)).toEqual([2, 2, 2, 2, 2]);
    // 3 per raw task (Command, Receive, Signal), + the raw shell's Create, + the fifth task's refused Command and the
    // recycle after it (Delete, Create), + 2 recycles before the ninth and thirteenth. Exec returns before its
    // Signal's reply (docs/winrm.md), so the last Signal may be counted with the next task: 55 or 56.
    const raw = perTask.get('raw')!.at(-1)!;
    expect(raw).toBeGreaterThanOrEqual(16 * 3 + 1 + 3 + 2 * 2 - 1);
    expect(raw).toBeLessThanOrEqual(16 * 3 + 1 + 3 + 2 * 2);
    expect((l.actions.signal ?? 0) - (before.signal ?? 0)).toBe(16 + 4 + 1);
    expect((l.actions.delete ?? 0) - (before.delete ?? 0)).toBe(7);
    console.log(`quota ${QUOTA}: ${created} shells created, ${commands} Commands; ${raw} requests for the 16 raw tasks, per ping ${perItem(perTask.get('pings')!).join(' ')}`);
  });

  it('stays under a quota it read from the host configuration: no fault at all', async () => {
    const l = listener(2);
    const { exitCode } = await play(2, [
      // The upload reads winrm/config (MaxEnvelopeSizekb) before it starts, and the quota with it.
      { name: 'copy', 'ansible.windows.win_copy': { content: "{{ 'c' * 40000 }}", dest: 'C:\\Windows\\Temp\\quota.txt' } },
      { name: 'raw', raw: 'echo {{ item }}', loop: '{{ range(0, 90) | list }}' },
    ]);
    expect(exitCode).toBe(0);
    expect(l.faultsSent.max_operations ?? 0).toBe(0);
    expect(l.actions.get).toBe(1);
    // 40 less a reserve of 2 (min(20, 40/20)): recycled every 38 Commands, the agent's one included.
    expect(l.actions.create).toBe(2 + 2);
  });

  it('fails with WINRM_QUOTA_EXCEEDED when another session of the user holds the quota, naming it and the fix', async () => {
    // Another client of the same account runs 5 commands in its shell and keeps the shell: the 5 operations stay.
    const other = siteTransport(site, 2, { ansible_user: site.adminUser, ansible_password: site.adminPassword });
    await other.open();
    for (let i = 0; i < QUOTA; i++) await other.exec('echo held');
    expect(listener(1).operationsHeld(site.adminUser)).toBe(QUOTA);
    const { events, exitCode } = await play(1, [{ name: 'raw', raw: 'hostname' }]);
    const result = events.find((e) => e.type === 'host.result');
    expect(exitCode).toBe(2);
    expect(result).toMatchObject({ status: 'failed' });
    const msg = String((result as { result: { msg?: unknown } }).result.msg);
    expect(msg).toContain('refused to start a command even in a new shell');
    expect(msg).toContain(`is allowed ${QUOTA} concurrent operations (MaxConcurrentOperationsPerUser)`);
    expect(msg).toContain('This user is allowed a maximum number of 5 concurrent operations');
    // winbook's new shell held nothing, so another one could not help: one refused Command, nothing retried.
    expect(listener(1).faultsSent.max_operations).toBe(1);
    // The session that held them deletes its shell: the next run goes through.
    await other.close();
    expect((await play(1, [{ name: 'raw', raw: 'hostname' }])).exitCode).toBe(0);
  });

  it('says what to change on the host, at the transport', async () => {
    const other = siteTransport(site, 2, { ansible_user: site.adminUser, ansible_password: site.adminPassword });
    await other.open();
    for (let i = 0; i < QUOTA; i++) await other.exec('echo held');
    const t = siteTransport(site, 2, { ansible_user: site.adminUser, ansible_password: site.adminPassword });
    await t.open();
    const err = await t.exec('hostname').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    const e = err as RemoteError;
    expect(e.code).toBe('WINRM_QUOTA_EXCEEDED');
    expect(e.host).toBe('win02');
    expect(e.hint).toContain('winrm set winrm/config/service @{MaxConcurrentOperationsPerUser="1500"}');
    expect(e.message).not.toContain('hostname'); // the command line (it may carry a secret) stays out of it
    await t.close();
    await other.close();
  });
});
