import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/engine/events.ts';
import type { HostStatus, RunEvent } from '../../../src/engine/events.ts';
import { attachJunitReporter } from '../../../src/report/junit-reporter.ts';

const pos = { file: 'p.yml', line: 1, col: 1 };
const result = (host: string, task: string, status: HostStatus, msg?: string, item?: string): RunEvent => ({
  type: 'host.result', host, task, taskId: `p.yml:${task}`, module: 'win_ping', handler: false, status, result: { changed: status === 'changed', ...(msg ? { msg } : {}) }, durationMs: 1500, at: 0, ...(item ? { item } : {}),
});

describe('JUnit reporter', () => {
  it('writes one test case per host per task: failures, unreachable errors, skips, escaped, owner-only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'junit-')), 'report.xml');
    const bus = new EventBus();
    const r = attachJunitReporter(bus, file);
    bus.emit({ type: 'play.start', name: 'Play <1>', hosts: ['a', 'b'], pos, at: 0 });
    bus.emit(result('a', 'ping', 'ok'));
    bus.emit(result('b', 'ping', 'unreachable', 'refused & gone'));
    bus.emit(result('a', 'loop', 'ok', undefined, 'x'));
    bus.emit(result('a', 'loop', 'failed', 'One or more items failed'));
    bus.emit(result('a', 'skip me', 'skipped'));
    bus.emit({ type: 'run.end', stats: {}, exitCode: 2, durationMs: 0, at: 0 });
    await r.done();
    const xml = readFileSync(file, 'utf8');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: { tests: string; failures: string; errors: string; testsuite: { name: string; testcase: { name: string; failure?: { message: string }; error?: { message: string }; skipped?: unknown }[] } };
    };
    expect(doc.testsuites).toMatchObject({ tests: '4', failures: '1', errors: '1' });
    expect(doc.testsuites.testsuite.name).toBe('Play <1>');
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c) => c.name)).toEqual(['[a] ping', '[b] ping', '[a] loop', '[a] skip me']);
    expect(cases[1]?.error?.message).toBe('refused & gone');
    expect(cases[2]?.failure?.message).toBe('One or more items failed');
    expect(cases[3]).toHaveProperty('skipped');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
