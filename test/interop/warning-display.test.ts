/**
 * Module results' `warnings` and `deprecations` print as ansible-playbook 2.14's default callback prints them
 * (_handle_warnings → Display.warning / Display.deprecated on stderr, wrapped by textwrap at 79 columns when stdout
 * is not a TTY, each text once per run, a loop's after its items). The fixture's local module returns the notes it
 * is given; ansible-playbook runs it with the default callback (its stderr is the expected text) and with the json
 * callback (the results); winbook's line reporter is fed those results and must write the same stderr. Textwrap
 * itself is compared with Python's over a generated corpus. Skipped when ansible-playbook is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/engine/events.ts';
import type { ModuleResult } from '../../src/modules/types.ts';
import { attachLineReporter } from '../../src/report/line-reporter.ts';
import { pyWrap } from '../../src/report/text-wrap.ts';
import { ANSIBLE_PLAYBOOK, ansibleJson, hasAnsible } from '../helpers/ansible-oracle.ts';
import { runCli } from '../helpers/cli.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/warnings/', import.meta.url));
let notesJson: ReturnType<typeof ansibleJson> | undefined;
/** notes.yml's results under the json callback, read once: the module returns the same notes on every host. */
const notesResults = (): ReturnType<typeof ansibleJson> => (notesJson ??= ansibleJson(dir, 'notes.yml'));

describe('warnings and deprecations on the terminal', () => {
  it.runIf(hasAnsible)('are the lines ansible-playbook writes to stderr, wrapped, once per run, after a loop\'s items', async () => {
    const env = { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'default', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' };
    const ref = spawnSync(ANSIBLE_PLAYBOOK, ['-i', 'localhost,', '-c', 'local', 'notes.yml'], { cwd: dir, env, encoding: 'utf8' });
    expect(ref.status, ref.stderr).toBe(0);
    // The fixture has wrapped warnings and deprecations (some lines end in a kept space) and a repeated text.
    expect(ref.stderr).toContain("[WARNING]: The 'User-Agent' header and the 'http_agent' was set, using the\n'http_agent'");
    expect(ref.stderr).toMatch(/ \n/);
    expect(ref.stderr.match(/no stop/g)).toHaveLength(1);

    const json = notesResults();
    const bus = new EventBus();
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = '';
    let stderr = '';
    out.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    err.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    attachLineReporter(bus, out, { color: false, err });
    const pos = { file: 'notes.yml', line: 1, col: 1 };
    for (const t of json.plays[0]!.tasks) {
      const r = t.hosts.localhost as unknown as ModuleResult;
      bus.emit({ type: 'task.start', name: t.task.name, module: 'emit_notes', handler: false, hosts: ['localhost'], pos, at: 0 });
      for (const item of (r.results ?? []) as ModuleResult[]) {
        bus.emit({ type: 'host.result', host: 'localhost', task: t.task.name, module: 'emit_notes', handler: false, status: 'ok', item: String(item.item), result: item, durationMs: 0, at: 0 });
      }
      bus.emit({ type: 'host.result', host: 'localhost', task: t.task.name, module: 'emit_notes', handler: false, status: 'ok', result: r, durationMs: 0, at: 0 });
    }
    await new Promise((r) => setImmediate(r));
    expect(stderr).toBe(ref.stderr);
    const results = (s: string) => s.split('\n').filter((l) => l.startsWith('ok:'));
    expect(results(stdout)).toEqual(results(ref.stdout));
  }, 120_000);
});

describe('warnings over several hosts', () => {
  const hosts = 'h1,h2,h3,';
  const env = { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'default', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'false' };

  it.runIf(hasAnsible)("a module's warning or deprecation from every host prints once, as the callback's Display merges them", async () => {
    const ref = spawnSync(ANSIBLE_PLAYBOOK, ['-i', hosts, '-c', 'local', 'notes.yml'], { cwd: dir, env, encoding: 'utf8' });
    expect(ref.status, ref.stderr).toBe(0);
    expect(ref.stderr.match(/\[WARNING\]: short/g)).toHaveLength(1);
    const json = notesResults();
    const bus = new EventBus();
    const err = new PassThrough();
    let stderr = '';
    err.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    attachLineReporter(bus, new PassThrough(), { color: false, err });
    const pos = { file: 'notes.yml', line: 1, col: 1 };
    for (const t of json.plays[0]!.tasks) {
      bus.emit({ type: 'task.start', name: t.task.name, module: 'emit_notes', handler: false, hosts: ['h1', 'h2', 'h3'], pos, at: 0 });
      for (const host of ['h1', 'h2', 'h3']) {
        const r = t.hosts.localhost as unknown as ModuleResult;
        for (const item of (r.results ?? []) as ModuleResult[]) {
          bus.emit({ type: 'host.result', host, task: t.task.name, module: 'emit_notes', handler: false, status: 'ok', item: String(item.item), result: item, durationMs: 0, at: 0 });
        }
        bus.emit({ type: 'host.result', host, task: t.task.name, module: 'emit_notes', handler: false, status: 'ok', result: r, durationMs: 0, at: 0 });
      }
    }
    await new Promise((r) => setImmediate(r));
    expect(stderr).toBe(ref.stderr);
  }, 120_000);

  it.runIf(hasAnsible)("the strategy's once per run and templated conditionals' once per task and host, as ansible-playbook writes stderr", async () => {
    const ref = spawnSync(ANSIBLE_PLAYBOOK, ['-i', hosts, '-c', 'local', 'multi-host.yml'], { cwd: dir, env, encoding: 'utf8' });
    expect(ref.status, ref.stderr).toBe(0);
    // Three hosts, so each conditional's text is there three times (and the unmatched pattern once).
    expect(ref.stderr.match(/Found: \{\{ item > 0 \}\}/g)).toHaveLength(3);
    expect(ref.stderr.match(/Could not match/g)).toHaveLength(1);
    expect(ref.stderr).not.toContain('Found: {{ flag }}\n[WARNING]: conditional statements should not include jinja2 templating\ndelimiters such as {{ }} or {% %}. Found: {{ inventory');
    const ours = await runCli(['run', 'multi-host.yml', '-i', hosts], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(ours.stderr).toBe(ref.stderr);
  }, 120_000);

  it("winbook's own warnings (become on a controller module) print once per run, with no host", async () => {
    const play = `- hosts: all\n  gather_facts: false\n  become: true\n  tasks:\n    - debug: {msg: a}\n    - debug: {msg: b}\n`;
    const pbDir = await mkdtemp(join(tmpdir(), 'winbook-warn-'));
    try {
      await writeFile(join(pbDir, 'pb.yml'), play);
      const ours = await runCli(['run', 'pb.yml', '-i', hosts], { cwd: pbDir });
      expect(ours.code, ours.stderr).toBe(0);
      expect(ours.stderr).toBe(`${pyWrap('[WARNING]: become: debug runs on the controller, so become changes nothing for it (ansible-playbook ignores it too)', 79).join('\n')}\n`);
      expect(ours.stdout).not.toContain('WARNING');
    } finally {
      await rm(pbDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('textwrap', () => {
  it.runIf(hasAnsible)("wraps as Python 3.11's textwrap.wrap, with and without drop_whitespace", () => {
    // A seeded corpus of words, hyphens, em-dashes, tabs, newlines, runs of spaces, non-ASCII letters and digits.
    const py = String.raw`
import json, random, textwrap
random.seed(14)
parts = ['a', 'bc', 'é', '1', '-', '--', ' ', '  ', '\t', '\n', 'x-y', 'Öl', '中文', '_', '.', ',', '!', '?', "'", '\u00a0', '---', 'ab-cd-ef', '2-3', 'a-1']
cases = []
for i in range(2500):
    s = ''.join(random.choice(parts) for _ in range(random.randint(0, 50)))
    w = random.randint(1, 24)
    d = random.random() < 0.5
    cases.append({'s': s, 'w': w, 'd': d, 'out': textwrap.wrap(s, w, drop_whitespace=d)})
print(json.dumps(cases))
`;
    const cases = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { s: string; w: number; d: boolean; out: string[] }[];
    expect(cases.filter((c) => c.out.length > 1).length).toBeGreaterThan(1000);
    const wrong = cases.filter((c) => JSON.stringify(pyWrap(c.s, c.w, { dropWhitespace: c.d })) !== JSON.stringify(c.out));
    expect(wrong.slice(0, 3)).toEqual([]);
  });
});
