import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/engine/events.ts';
import { attachLineReporter } from '../../../src/report/line-reporter.ts';
import { banner, recapLine } from '../../../src/report/recap.ts';
import { emptyStats } from '../../../src/engine/events.ts';
import { scriptedRun } from './events.ts';

async function render(verbose = 0): Promise<string> {
  const bus = new EventBus();
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const r = attachLineReporter(bus, out, { verbose, color: false });
  for (const e of scriptedRun()) bus.emit(e);
  await r.done();
  return text;
}

const EXPECTED = `
PLAY [Configure time] **********************************************************

TASK [Ping] ********************************************************************
ok: [win01]
fatal: [win03]: UNREACHABLE! => {"changed": false, "msg": "connection refused by 127.0.0.3:5985", "unreachable": true}
ok: [win02]

TASK [Services] ****************************************************************
changed: [win01] => (item=W32Time)
skipping: [win01] => (item=Spooler) 
ok: [win02] => (item=W32Time)
failed: [win02] (item=Spooler) => {"ansible_loop_var": "item", "changed": false, "item": "Spooler", "msg": "Access is denied"}

TASK [Optional cleanup] ********************************************************
fatal: [win01]: FAILED! => {"changed": true, "msg": "non-zero return code", "rc": 1, "stderr": "nope", "stderr_lines": ["nope"], "stdout": "", "stdout_lines": []}
...ignoring

TASK [Say] *********************************************************************
ok: [win01] => {
    "msg": "win01 calls itself WIN01"
}

TASK [Skip me] *****************************************************************
skipping: [win01]

RUNNING HANDLER [Restart time] *************************************************
changed: [win01]

PLAY RECAP *********************************************************************
win01                      : ok=5    changed=3    unreachable=0    failed=0    skipped=1    rescued=0    ignored=1   
win02                      : ok=1    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0   
win03                      : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0   

`;

describe('line reporter (ansible-playbook default output)', () => {
  it('prints banners, host lines, loop items, fatal JSON, ...ignoring and the recap as Ansible does', async () => {
    expect(await render()).toBe(EXPECTED);
  });

  it('pads banners with stars to column 80 and keeps at least three', () => {
    expect(banner('TASK [x]')).toHaveLength(80);
    expect(banner('TASK [' + 'y'.repeat(100) + ']').endsWith(' ***')).toBe(true);
  });

  it('aligns recap lines like ansible (%-26s host, %-4s counts)', () => {
    expect(recapLine('a-very-long-host-name-over-26', { ...emptyStats(), ok: 12345 })).toBe(
      'a-very-long-host-name-over-26 : ok=12345 changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   ',
    );
  });

  it('shows every result as JSON with -v', async () => {
    const text = await render(1);
    expect(text).toContain('ok: [win01] => {"changed": false, "ping": "pong"}');
    expect(text).toContain('skipping: [win01] => {"changed": false, "false_condition": "false", "skip_reason": "Conditional result was False"}');
  });

  it('prints "skipping: no hosts matched", and NO MORE HOSTS LEFT only when a fail limit breaks the play', async () => {
    // ansible-playbook 2.14's linear strategy sends v2_playbook_on_no_hosts_remaining only when any_errors_fatal or
    // max_fail_percentage breaks the play; a play whose every host failed on its own ends without it.
    const bus = new EventBus();
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString('utf8')));
    attachLineReporter(bus, out, { color: false });
    const pos = { file: 'x', line: 1, col: 1 };
    bus.emit({ type: 'play.start', name: 'empty', hosts: [], pos, at: 0 });
    bus.emit({ type: 'play.start', name: 'doomed', hosts: ['h'], pos, at: 0 });
    bus.emit({ type: 'task.start', name: 'f', module: 'fail', handler: false, hosts: ['h'], pos, at: 0 });
    bus.emit({ type: 'host.result', host: 'h', task: 'f', module: 'fail', handler: false, status: 'failed', result: { failed: true, changed: false, msg: 'x' }, durationMs: 0, at: 0 });
    bus.emit({ type: 'play.end', name: 'doomed', at: 0 });
    expect(text).toContain('PLAY [empty] ***');
    expect(text).toContain('\nskipping: no hosts matched\n');
    expect(text).not.toContain('NO MORE HOSTS LEFT');
    bus.emit({ type: 'play.start', name: 'fatal', hosts: ['h'], pos, at: 0 });
    bus.emit({ type: 'task.start', name: 'f', module: 'fail', handler: false, hosts: ['h'], pos, at: 0 });
    bus.emit({ type: 'host.result', host: 'h', task: 'f', module: 'fail', handler: false, status: 'failed', result: { failed: true, changed: false, msg: 'x' }, durationMs: 0, at: 0 });
    bus.emit({ type: 'play.break', at: 0 });
    expect(text).toContain('fatal: [h]: FAILED! => {"changed": false, "msg": "x"}\n\nNO MORE HOSTS LEFT ****');
  });
});

describe('line reporter with --diff', () => {
  it('prints a changed result\'s diff before its line, as the default callback does, and nothing for ok results', async () => {
    const bus = new EventBus();
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString('utf8')));
    const r = attachLineReporter(bus, out, { color: false });
    const pos = { file: 'p.yml', line: 1, col: 1 };
    const diff = { before: { start_mode: 'manual' }, after: { start_mode: 'auto' } };
    bus.emit({ type: 'task.start', name: 'Auto', module: 'win_service', handler: false, hosts: ['win01', 'win02'], pos, at: 0 });
    bus.emit({ type: 'host.result', host: 'win01', task: 'Auto', module: 'win_service', handler: false, status: 'changed', result: { changed: true, diff }, durationMs: 1, at: 1 });
    bus.emit({ type: 'host.result', host: 'win02', task: 'Auto', module: 'win_service', handler: false, status: 'ok', result: { changed: false, diff: { before: {}, after: {} } }, durationMs: 1, at: 1 });
    await r.done();
    expect(text).toBe(`\n${banner('TASK [Auto]')}\n--- before\n+++ after\n@@ -1,3 +1,3 @@\n {\n-    "start_mode": "manual"\n+    "start_mode": "auto"\n }\n\nchanged: [win01]\nok: [win02]\n`);
  });
});

describe("line reporter: a module result's warnings", () => {
  // ansible-core 2.14's default callback: v2_runner_on_ok/failed call _handle_warnings (Display.warning on stderr,
  // each text once per run, then `del res['warnings']`) before printing the result line; TaskExecutor moves each
  // loop item's warnings onto the loop's result, so they print after the item lines.
  it('prints [WARNING] lines on stderr before the result line, once per text, and leaves them out of the -v dump', async () => {
    const bus = new EventBus();
    const out = new PassThrough();
    const err = new PassThrough();
    const lines: string[] = [];
    out.on('data', (d: Buffer) => lines.push(...d.toString('utf8').split('\n').filter(Boolean).map((l) => `out ${l}`)));
    err.on('data', (d: Buffer) => lines.push(...d.toString('utf8').split('\n').filter(Boolean).map((l) => `err ${l}`)));
    attachLineReporter(bus, out, { color: false, verbose: 1, err });
    const pos = { file: 'x', line: 1, col: 1 };
    const ua = "The 'User-Agent' header and the 'http_agent' was set, using the 'http_agent' for web request";
    bus.emit({ type: 'task.start', name: 'get', module: 'win_uri', handler: false, hosts: ['a', 'b'], pos, at: 0 });
    bus.emit({ type: 'host.result', host: 'a', task: 'get', module: 'win_uri', handler: false, status: 'ok', result: { changed: false, status_code: 200, warnings: [ua] }, durationMs: 0, at: 0 });
    bus.emit({ type: 'host.result', host: 'b', task: 'get', module: 'win_uri', handler: false, status: 'failed', result: { changed: false, failed: true, msg: 'no', warnings: [ua, 'second'] }, durationMs: 0, at: 0 });
    bus.emit({ type: 'task.start', name: 'loop', module: 'win_regedit', handler: false, hosts: ['a'], pos, at: 0 });
    bus.emit({ type: 'host.result', host: 'a', task: 'loop', module: 'win_regedit', handler: false, status: 'ok', item: 'x', result: { changed: false, warnings: ['from item'] }, durationMs: 0, at: 0 });
    bus.emit({ type: 'host.result', host: 'a', task: 'loop', module: 'win_regedit', handler: false, status: 'ok', result: { changed: false, results: [{ changed: false, warnings: ['from item'] }] }, durationMs: 0, at: 0 });
    await new Promise((r) => setImmediate(r));
    expect(lines.filter((l) => !l.includes('****'))).toEqual([
      // Display.warning wraps at 79 columns (stdout is no TTY here), as textwrap.wrap does.
      "err [WARNING]: The 'User-Agent' header and the 'http_agent' was set, using the",
      "err 'http_agent' for web request",
      'out ok: [a] => {"changed": false, "status_code": 200}',
      'err [WARNING]: second',
      'out fatal: [b]: FAILED! => {"changed": false, "msg": "no"}',
      'out ok: [a] => (item=x) => {"changed": false, "warnings": ["from item"]}',
      'err [WARNING]: from item',
    ]);
  });
});
