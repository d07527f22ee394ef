/**
 * Host, play, task and item names come from inventories, playbooks and hosts: an ESC/OSC sequence in one must
 * not reach the terminal raw (it could retitle the window or clear the screen). The plain, live and
 * recap output escape them as `\xHH`; the JSON report keeps the value.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EventBus, emptyStats } from '../../../src/engine/events.ts';
import type { RunEvent } from '../../../src/engine/events.ts';
import { JsonReportBuilder } from '../../../src/report/json-reporter.ts';
import { attachLineReporter } from '../../../src/report/line-reporter.ts';
import { attachLiveReporter } from '../../../src/report/live-reporter.ts';
import { VirtualTerminal } from '../../helpers/virtual-terminal.ts';
import { recapBlock } from '../../../src/report/recap.ts';
import { safeName, safeText } from '../../../src/report/terminal-text.ts';
import { listHosts, listTasks } from '../../../src/playbook/listing.ts';

const OSC = '\x1b]0;pwned\x07';
const CLEAR = '\x1b[2J';
const host = `win01${OSC}`;
const task = `Ping ${CLEAR}now`;
const play = `Play ${OSC}`;
const pos = { file: 'x.yml', line: 1, col: 1 };

function events(): RunEvent[] {
  return [
    { type: 'run.start', playbook: 'x.yml', check: false, forks: 5, at: 0 },
    { type: 'play.start', name: play, hosts: [host], pos, at: 0 },
    { type: 'task.start', name: task, module: 'win_ping', handler: false, hosts: [host], pos, at: 0 },
    { type: 'host.start', host, task, at: 0 },
    { type: 'host.result', host, task, module: 'win_ping', handler: false, status: 'failed', result: { failed: true, msg: `bad ${CLEAR}` }, item: `item${OSC}`, durationMs: 1, at: 1 },
    { type: 'host.result', host, task, module: 'win_ping', handler: false, status: 'failed', result: { failed: true, msg: `boom ${CLEAR}` }, durationMs: 1, at: 1 },
    { type: 'task.end', name: task, at: 2 },
    { type: 'warning', host, message: `careful ${OSC}`, at: 2 },
    { type: 'play.end', name: play, at: 2 },
    { type: 'run.end', stats: { [host]: { ...emptyStats(), failed: 1 } }, exitCode: 2, durationMs: 2, at: 2 },
  ];
}

/** The text with the reporter's own colour codes (SGR `ESC [ … m`) removed: what is left must hold no ESC or BEL. */
// eslint-disable-next-line no-control-regex
const withoutStyling = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');

function expectNoRawControl(text: string): void {
  const bare = withoutStyling(text);
  expect(bare).not.toContain('\x1b');
  expect(bare).not.toContain('\x07');
  expect(text).not.toContain(OSC);
  expect(text).not.toContain(CLEAR);
}

async function capture(attach: (bus: EventBus, out: PassThrough) => { done(): Promise<void> }): Promise<string> {
  const bus = new EventBus();
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const r = attach(bus, out);
  for (const e of events()) {
    bus.emit(e);
    await new Promise((res) => setImmediate(res));
  }
  await r.done();
  return text;
}

describe('control characters in names', () => {
  it('escapes C0, C1 and DEL as \\xHH, idempotently', () => {
    expect(safeName(`a${OSC}b`)).toBe('a\\x1b]0;pwned\\x07b');
    expect(safeName('\x9b2J\x7f\ttab\nline')).toBe('\\x9b2J\\x7f\\x09tab\\x0aline');
    expect(safeText('two\nlines\t\x1b[2J')).toBe('two\nlines\t\\x1b[2J');
    expect(safeName(safeName(host))).toBe(safeName(host));
    expect(safeName('wïn-01 名前')).toBe('wïn-01 名前');
  });

  it('plain output (with and without colour) shows them escaped', async () => {
    for (const color of [false, true]) {
      const text = await capture((bus, out) => attachLineReporter(bus, out, { color }));
      expectNoRawControl(text);
      expect(text).toContain('TASK [Ping \\x1b[2Jnow]');
      expect(text).toContain('PLAY [Play \\x1b]0;pwned\\x07]');
      expect(text).toContain('failed: [win01\\x1b]0;pwned\\x07] (item=');
      expect(text).toContain('(item=item\\x1b]0;pwned\\x07)');
      expect(text).toContain('[WARNING]: careful \\x1b]0;pwned\\x07');
    }
  });

  it('the live display shows them escaped', async () => {
    const raw: string[] = [];
    const vt = new VirtualTerminal(24, 200);
    const tty = { rows: 24, columns: 200, write: (s: string) => (raw.push(s), vt.write(s)) };
    const bus = new EventBus();
    const r = attachLiveReporter(bus, tty, { color: true, frameMs: 1 });
    for (const e of events()) {
      bus.emit(e);
      await new Promise((res) => setTimeout(res, 3));
    }
    await r.done();
    // Its own sequences are colours, cursor-up and erase-below; nothing else may reach the terminal.
    // eslint-disable-next-line no-control-regex
    expectNoRawControl(raw.join('').replace(/\u001b\[[0-9]*[AJ]/g, ''));
    const text = vt.all().join('\n');
    expect(text).toContain('TASK [Ping \\x1b[2Jnow]');
    expect(text).toContain('failed: [win01\\x1b]0;pwned\\x07] (item=item\\x1b]0;pwned\\x07) => {"msg": "bad \\u001b[2J"}');
  });

  it('the recap shows them escaped', () => {
    const text = recapBlock({ [host]: { ...emptyStats(), ok: 1 } }, true).join('\n');
    expectNoRawControl(text);
    expect(withoutStyling(text)).toMatch(/^win01\\x1b\]0;pwned\\x07 +: ok=1 /m);
  });

  it('--list-tasks and --list-hosts show them escaped', () => {
    const pb = { file: 'x.yml', plays: [{ name: play, hosts: 'all', tasks: [{ name: task, tags: [] }] }] } as unknown as Parameters<typeof listTasks>[0];
    expectNoRawControl(listTasks(pb));
    expectNoRawControl(listHosts(pb, () => [host]));
    expect(listHosts(pb, () => [host])).toContain('      win01\\x1b]0;pwned\\x07');
  });

  it('the JSON report keeps the value, JSON-escaped', () => {
    const r = new JsonReportBuilder(() => 'id');
    for (const e of events()) r.add(e);
    const json = JSON.stringify(r.report);
    expect(json).not.toContain('\x1b');
    expect(json).toContain('win01\\u001b]0;pwned\\u0007');
    expect(JSON.parse(json)).toMatchObject({ stats: { [host]: { failures: 1 } } });
  });
});
