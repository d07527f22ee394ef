import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EventBus, emptyStats } from '../../../src/engine/events.ts';
import type { HostStatus, RunEvent } from '../../../src/engine/events.ts';
import { attachLineReporter } from '../../../src/report/line-reporter.ts';
import { attachLiveReporter } from '../../../src/report/live-reporter.ts';
import { fitWidth } from '../../../src/report/live-region.ts';
import stringWidth from 'string-width';
import { VirtualTerminal } from '../../helpers/virtual-terminal.ts';
import { scriptedRun } from './events.ts';

const pos = { file: 'x.yml', line: 1, col: 1 };
const tick = () => new Promise((r) => setTimeout(r, 5));

function plainText(events: RunEvent[], verbose = 0): string {
  const bus = new EventBus();
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString('utf8')));
  attachLineReporter(bus, out, { verbose, color: false });
  for (const e of events) bus.emit(e);
  return text;
}

async function live(events: RunEvent[], o: { rows?: number; columns?: number; verbose?: number; signal?: AbortSignal; pauseAfter?: (e: RunEvent) => boolean } = {}) {
  const vt = new VirtualTerminal(o.rows ?? 50, o.columns ?? 120);
  const bus = new EventBus();
  const r = attachLiveReporter(bus, vt, { verbose: o.verbose, color: false, signal: o.signal, frameMs: 1 });
  const screens: string[][] = [];
  for (const e of events) {
    bus.emit(e);
    if (o.pauseAfter?.(e)) {
      await tick();
      screens.push(vt.screen());
    }
  }
  await r.done();
  return { vt, screens };
}

function bigRun(n: number, fail: number[] = []): RunEvent[] {
  const hosts = Array.from({ length: n }, (_, i) => `win${String(i + 1).padStart(3, '0')}`);
  const status = (i: number): HostStatus => (fail.includes(i) ? 'failed' : i % 3 === 0 ? 'changed' : 'ok');
  return [
    { type: 'play.start', name: 'Big', hosts, pos, at: 0 },
    { type: 'task.start', name: 'Ping all', module: 'win_ping', handler: false, hosts, pos, at: 0 },
    ...hosts.map((host): RunEvent => ({ type: 'host.start', host, task: 'Ping all', at: 0 })),
    ...hosts.map((host, i): RunEvent => ({ type: 'host.result', host, task: 'Ping all', module: 'win_ping', handler: false, status: status(i), result: status(i) === 'failed' ? { failed: true, msg: 'boom' } : { changed: status(i) === 'changed' }, durationMs: 1, at: 1 })),
    { type: 'task.end', name: 'Ping all', at: 2 },
    { type: 'task.start', name: 'Say', module: 'debug', handler: false, hosts: hosts.slice(0, 2), pos, at: 2 },
    ...hosts.slice(0, 2).map((host): RunEvent => ({ type: 'host.result', host, task: 'Say', module: 'debug', handler: false, status: 'ok', result: { msg: `hello from ${host}` }, durationMs: 1, at: 3 })),
    { type: 'task.end', name: 'Say', at: 3 },
    { type: 'play.end', name: 'Big', at: 4 },
    { type: 'run.end', stats: Object.fromEntries(hosts.map((h, i) => [h, { ...emptyStats(), ok: 1, failed: fail.includes(i) ? 1 : 0 }])), exitCode: fail.length ? 2 : 0, durationMs: 4, at: 4 },
  ];
}

describe('live display', () => {
  it('with the hosts fitting the screen, what scrolls is exactly what ansible-playbook prints (the plain lines)', async () => {
    const { vt } = await live(scriptedRun(), { columns: 400, pauseAfter: () => true });
    expect(vt.all().join('\n').trimEnd()).toBe(plainText(scriptedRun()).trimEnd());
    expect(vt.all().join('\n')).toContain('ok: [win01] => {\n    "msg": "win01 calls itself WIN01"\n}');
  });

  it('-v shows every result as ansible-playbook -v does', async () => {
    const { vt } = await live(scriptedRun(), { columns: 400, verbose: 1 });
    expect(vt.all().join('\n').trimEnd()).toBe(plainText(scriptedRun(), 1).trimEnd());
    expect(vt.all().join('\n')).toContain('ok: [win01] => {"changed": false, "ping": "pong"}');
  });

  it('keeps the task header and counts on screen while it runs, one line per running host shown, never taller than the screen', async () => {
    const events = bigRun(200, [7]);
    const running = events.findIndex((e) => e.type === 'host.result') - 1;
    const { vt, screens } = await live(events, { rows: 50, pauseAfter: (e) => events.indexOf(e) === running });
    const mid = screens[0] ?? [];
    expect(mid.length).toBeLessThanOrEqual(50);
    expect(mid.some((l) => l.startsWith('TASK [Ping all] ***'))).toBe(true);
    expect(mid.filter((l) => / {2}win\d+: running \ds$/.test(l)).length).toBe(23);
    expect(mid).toContain('  … 177 more running');
    expect(mid.at(-1)).toMatch(/^ {2}200 hosts: running=200 {2}\(\ds\)$/);
    const all = vt.all();
    // Routine results are counted, not printed; the failure and debug output print as ansible-playbook prints them.
    expect(all.filter((l) => /^(ok|changed): \[win\d+\]$/.test(l))).toEqual([]);
    expect(all).toContain('  200 hosts: ok=132  changed=67  failed=1');
    expect(all).toContain('fatal: [win008]: FAILED! => {"msg": "boom"}');
    expect(all.join('\n')).toContain('ok: [win001] => {\n    "msg": "hello from win001"\n}');
    // The region is gone at the end: no "running" line and no header copy is left behind.
    expect(all.filter((l) => l.includes('running'))).toEqual([]);
    expect(all.filter((l) => l.startsWith('TASK [Ping all]'))).toHaveLength(1);
    expect(vt.screen().at(-1)).toMatch(/^win200 +: ok=1 /);
  });

  it('redraws per frame, not per event: 500 results cost a handful of writes', async () => {
    const vt = new VirtualTerminal(50, 120);
    const bus = new EventBus();
    const r = attachLiveReporter(bus, vt, { color: false, frameMs: 50 });
    for (const e of bigRun(500)) bus.emit(e);
    await r.done();
    expect(vt.writes).toBeLessThanOrEqual(2);
    expect(vt.all()).toContain('  500 hosts: ok=333  changed=167');
  });

  it('after Ctrl-C says so, counts the unfinished hosts as such, and marks nothing done that did not finish', async () => {
    const hosts = ['win01', 'win02', 'win03'];
    const ctl = new AbortController();
    const events: RunEvent[] = [
      { type: 'play.start', name: 'P', hosts, pos, at: 0 },
      { type: 'task.start', name: 'Long', module: 'win_shell', handler: false, hosts, pos, at: 0 },
      { type: 'host.start', host: 'win01', task: 'Long', at: 0 },
      { type: 'host.start', host: 'win02', task: 'Long', at: 0 },
      { type: 'host.result', host: 'win01', task: 'Long', module: 'win_shell', handler: false, status: 'changed', result: { changed: true }, durationMs: 1, at: 1 },
      { type: 'task.end', name: 'Long', at: 2 },
      { type: 'run.end', stats: { win01: { ...emptyStats(), changed: 1 }, win02: emptyStats(), win03: emptyStats() }, exitCode: 99, durationMs: 2, at: 2 },
    ];
    const { vt, screens } = await live(events, {
      signal: ctl.signal,
      pauseAfter: (e) => {
        if (e.type === 'host.result') ctl.abort();
        return e.type === 'host.result';
      },
    });
    expect(screens[0]?.at(-1)).toMatch(/3 hosts: running=1 {2}waiting=1 {2}changed=1 {2}\(interrupted, waiting for the running hosts to stop\)$/);
    const all = vt.all();
    expect(all).toContain('Interrupted: stopping running tasks and closing connections (Ctrl-C again to quit at once)');
    expect(all).toContain('  3 hosts: changed=1  — not finished: 1 stopped while running, 1 never started');
    expect(all).toContain('Interrupted during TASK [Long]: tasks after it did not run; the recap counts only results that came back.');
    expect(all.join('\n')).not.toMatch(/✔|✓/);
    expect(all.indexOf('Interrupted during TASK [Long]: tasks after it did not run; the recap counts only results that came back.')).toBeLessThan(all.findIndex((l) => l.startsWith('PLAY RECAP')));
  });

  it('lines up the recap columns on screen for wide host names (CJK, emoji); the plain lines pad as Python does', async () => {
    const hosts = ['win01', '名前サーバ01', 'srv-🚀-01'];
    const run: RunEvent = { type: 'run.end', stats: Object.fromEntries(hosts.map((h) => [h, { ...emptyStats(), ok: 1 }])), exitCode: 0, durationMs: 1, at: 1 };
    const { vt } = await live([run]);
    const recap = vt.all().filter((l) => / : ok=1 /.test(l));
    expect(recap).toHaveLength(3);
    expect(new Set(recap.map((l) => stringWidth(l.slice(0, l.indexOf(' : ok=')))))).toEqual(new Set([26]));
    // ansible-playbook's `%-26s` counts code points: 名前サーバ01 gets 19 spaces, the rocket one 18.
    const plain = plainText([run]).split('\n').filter((l) => / : ok=1 /.test(l));
    expect(plain).toContain(`名前サーバ01${' '.repeat(19)} : ok=1    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   `);
    expect(plain).toContain(`srv-🚀-01${' '.repeat(18)} : ok=1    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   `);
  });

  it('cuts region lines to the screen width, counting wide characters as two columns', () => {
    expect(fitWidth('名前名前名前', 7)).toBe('名前名…');
    expect(fitWidth('win01', 7)).toBe('win01');
  });
});
