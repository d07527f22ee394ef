import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/engine/events.ts';
import { attachJsonReporter } from '../../../src/report/json-reporter.ts';
import type { JsonReport } from '../../../src/report/json-reporter.ts';
import { scriptedRun } from './events.ts';

async function runTo(file: string): Promise<JsonReport> {
  const bus = new EventBus();
  let n = 0;
  const r = attachJsonReporter(bus, file, { id: () => `id-${++n}` });
  for (const e of scriptedRun()) bus.emit(e);
  await r.done();
  return JSON.parse(await readFile(file, 'utf8')) as JsonReport;
}

describe("json reporter (Ansible's json callback shape)", () => {
  it('writes plays → tasks → hosts with status flags and action, and stats with `failures`', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'winbook-json-')), 'run.json');
    const report = await runTo(file);
    expect(Object.keys(report).sort()).toEqual(['custom_stats', 'global_custom_stats', 'plays', 'stats']);
    const play = report.plays[0];
    expect(play?.play).toMatchObject({ name: 'Configure time', id: 'id-1', duration: { start: expect.stringMatching(/^2026-01-02T03:04:\d\d\.\d{6}Z$/), end: expect.any(String) } });
    expect(play?.tasks.map((t) => t.task.name)).toEqual(['Ping', 'Services', 'Optional cleanup', 'Say', 'Skip me', 'Restart time']);
    const [ping, services, cleanup, , skip] = play?.tasks ?? [];
    expect(ping?.hosts.win03).toEqual({ changed: false, unreachable: true, msg: 'connection refused by 127.0.0.3:5985', action: 'win_ping' });
    expect(services?.hosts.win02).toMatchObject({ failed: true, msg: 'One or more items failed', action: 'win_service' });
    expect(Object.keys(services?.hosts ?? {})).toEqual(['win01', 'win02']);
    expect(cleanup?.hosts.win01).toMatchObject({ failed: true, changed: true, rc: 1 });
    expect(skip?.hosts.win01).toMatchObject({ skipped: true });
    expect(report.stats.win02).toEqual({ ok: 1, changed: 0, unreachable: 0, failures: 1, skipped: 0, rescued: 0, ignored: 0 });
  });

  it.skipIf(process.platform === 'win32')('is readable by its owner only, even when the file existed before', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'winbook-json-')), 'run.json');
    await writeFile(file, 'old', { mode: 0o644 });
    await runTo(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
