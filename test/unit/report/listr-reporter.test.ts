import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EventBus, emptyStats } from '../../../src/engine/events.ts';
import type { RunEvent } from '../../../src/engine/events.ts';
import { attachListrReporter } from '../../../src/report/listr-reporter.ts';
import { scriptedRun } from './events.ts';

async function render(events: RunEvent[], maxRows?: number): Promise<string> {
  const bus = new EventBus();
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const r = attachListrReporter(bus, out, { renderer: 'simple', maxRows });
  for (const e of events) {
    bus.emit(e);
    await new Promise((res) => setImmediate(res));
  }
  await r.done();
  // eslint-disable-next-line no-control-regex -- strip listr2's ANSI styling for assertions
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

describe('listr reporter', () => {
  it('shows one listr task per playbook task with a row per host, then the recap', async () => {
    const text = await render(scriptedRun());
    expect(text).toContain('PLAY [Configure time] ***');
    expect(text).toContain('TASK [Ping]');
    expect(text).toContain('win01: ok');
    expect(text).toContain('win03: unreachable: connection refused by 127.0.0.3:5985');
    expect(text).toContain('win02: failed: One or more items failed');
    expect(text).toContain('win01: failed (ignored): non-zero return code');
    expect(text).toContain('RUNNING HANDLER [Restart time]');
    expect(text).toMatch(/win02 +: ok=1 +changed=0 +unreachable=0 +failed=1/);
    expect(text.indexOf('TASK [Ping]')).toBeLessThan(text.indexOf('TASK [Services]'));
  });

  it('collapses to counts per status and the failed hosts above maxRows', async () => {
    const pos = { file: 'x', line: 1, col: 1 };
    const hosts = Array.from({ length: 60 }, (_, i) => `h${String(i).padStart(2, '0')}`);
    const events: RunEvent[] = [
      { type: 'play.start', name: 'big', hosts, pos, at: 0 },
      { type: 'task.start', name: 'ping', module: 'win_ping', handler: false, hosts, pos, at: 0 },
      ...hosts.map((h, i): RunEvent => ({ type: 'host.result', host: h, task: 'ping', module: 'win_ping', handler: false, status: i === 7 ? 'failed' : 'ok', result: { msg: i === 7 ? 'boom' : '' }, durationMs: 1, at: 1 })),
      { type: 'task.end', name: 'ping', at: 2 },
      { type: 'run.end', stats: Object.fromEntries(hosts.map((h) => [h, { ...emptyStats(), ok: 1 }])), exitCode: 2, durationMs: 2, at: 2 },
    ];
    const text = await render(events, 50);
    expect(text).toContain('60 hosts: ok=59  failed=1');
    expect(text).toContain('h07: failed: boom');
    expect(text).not.toContain('h08: ok');
  });
});

describe('listr reporter with --diff', () => {
  it('prints a changed result\'s diff only when verbose', async () => {
    const pos = { file: 'x', line: 1, col: 1 };
    const events: RunEvent[] = [
      { type: 'task.start', name: 'Write', module: 'win_copy', handler: false, hosts: ['win01'], pos, at: 0 },
      { type: 'host.result', host: 'win01', task: 'Write', module: 'win_copy', handler: false, status: 'changed', result: { changed: true, diff: { before: 'old\n', after: 'new\n' } }, durationMs: 1, at: 1 },
      { type: 'task.end', name: 'Write', at: 2 },
    ];
    const show = async (verbose: number) => {
      const bus = new EventBus();
      const out = new PassThrough();
      let text = '';
      out.on('data', (d: Buffer) => (text += d.toString('utf8')));
      const r = attachListrReporter(bus, out, { renderer: 'simple', verbose });
      for (const e of events) bus.emit(e);
      await r.done();
      return text;
    };
    expect(await show(1)).toContain('win01: Write\n--- before\n+++ after\n@@ -1 +1 @@\n-old\n+new\n');
    expect(await show(0)).not.toContain('+new');
  });
});
