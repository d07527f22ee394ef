/**
 * Unnamed tasks are titled as ansible-playbook 2.14 titles them (`TASK [debug]`, `TASK [ansible.builtin.debug]`):
 * the action as written, never the rendered arguments; so is a task whose name renders to something other than
 * text (a number, boolean, list, dict or None: the strategy's to_text(…, nonstring='empty')). Both CLIs run the
 * same controller-only playbook and the banners, listings and JSON task names must be the same. Skipped when
 * ansible-playbook is not installed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { ansibleJson, ansiblePlaybook, hasAnsible } from '../helpers/ansible-oracle.ts';
import { runCli } from '../helpers/cli.ts';

const dir = fileURLToPath(new URL('../fixtures/ansible-playbooks/controller/', import.meta.url));
const playbook = `${dir}unnamed-tasks.yml`;

const banners = (out: string): string[] => [...out.matchAll(/^TASK \[(.*)\] \*+$/gm)].map((m) => m[1] as string);

describe('unnamed task titles', () => {
  it('are the action as written', async () => {
    const pb = await loadPlaybook(playbook);
    expect(pb.plays[0]?.tasks.map((t) => t.name)).toEqual([
      'ansible.builtin.debug',
      'debug',
      'ansible.builtin.set_fact',
      'set_fact',
      'debug',
      'ansible.builtin.debug',
      'ansible.builtin.assert',
      'debug',
    ]);
  });

  it.runIf(hasAnsible)('match the TASK banners ansible-playbook prints', async () => {
    const ref = ansiblePlaybook(dir, playbook, { callback: 'default' });
    const ours = await runCli(['run', playbook, '-i', 'localhost,'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(banners(ref)).toHaveLength(8);
    expect(banners(ours.stdout)).toEqual(banners(ref));
  }, 120_000);
});

describe('task names that render to something other than text', () => {
  const rendered = `${dir}rendered-names.yml`;
  const listed = (out: string): string[] => [...out.matchAll(/^ {6}(.*)\tTAGS: /gm)].map((m) => m[1] as string);

  it.runIf(hasAnsible)('print the banners ansible-playbook prints', async () => {
    const ref = ansiblePlaybook(dir, rendered, { callback: 'default' });
    const ours = await runCli(['run', rendered, '-i', 'localhost,'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(banners(ref)).toHaveLength(19);
    // The fallbacks and the texts are both there: a number gives the action, arithmetic gives text.
    expect(banners(ref)).toContain('8081');
    expect(banners(ref).filter((b) => b === 'debug').length).toBeGreaterThan(5);
    expect(banners(ours.stdout)).toEqual(banners(ref));
  }, 120_000);

  it.runIf(hasAnsible)('name the tasks of the JSON report as the json callback does', async () => {
    const ref = ansibleJson(dir, rendered).plays[0]?.tasks.map((t) => t.task.name);
    const tmp = mkdtempSync(join(tmpdir(), 'wb-names-'));
    try {
      const ours = await runCli(['run', rendered, '-i', 'localhost,', '--json', join(tmp, 'run.json')], { cwd: dir });
      expect(ours.code, ours.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(tmp, 'run.json'), 'utf8')) as { plays: { tasks: { task: { name: string } }[] }[] };
      expect(ref).toHaveLength(19);
      expect(report.plays[0]?.tasks.map((t) => t.task.name)).toEqual(ref);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);

  it.runIf(hasAnsible)('are listed as written, as --list-tasks lists them', async () => {
    const ref = ansiblePlaybook(dir, rendered, { callback: 'default', extra: ['--list-tasks'] });
    const ours = await runCli(['run', rendered, '-i', 'localhost,', '--list-tasks'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(listed(ref)).toContain('5');
    expect(listed(ours.stdout)).toEqual(listed(ref));
  }, 120_000);
});

describe("a role's tasks", () => {
  // Task.get_name(): `role : name`, or `role : action` for an unnamed one, in the banner, the json callback's task
  // names and --list-tasks (roles:, meta dependencies, import_role and include_role).
  const site = `${dir}site.yml`;
  const listed = (out: string): string[] => [...out.matchAll(/^ {6}(.*)\tTAGS: /gm)].map((m) => m[1] as string);

  it.runIf(hasAnsible)('are titled `role : name` in banners, the JSON report and --list-tasks, as ansible-playbook titles them', async () => {
    const ref = ansiblePlaybook(dir, site, { callback: 'default' });
    const ours = await runCli(['run', site, '-i', 'localhost,'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(banners(ref).filter((b) => b.includes(' : ')).length).toBeGreaterThan(1);
    expect(banners(ours.stdout)).toEqual(banners(ref));
    const refJson = ansibleJson(dir, site).plays.flatMap((p) => p.tasks.map((t) => t.task.name));
    const tmp = mkdtempSync(join(tmpdir(), 'wb-roles-'));
    try {
      const run = await runCli(['run', site, '-i', 'localhost,', '--json', join(tmp, 'run.json')], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(tmp, 'run.json'), 'utf8')) as { plays: { tasks: { task: { name: string } }[] }[] };
      expect(report.plays.flatMap((p) => p.tasks.map((t) => t.task.name))).toEqual(refJson);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    const refList = ansiblePlaybook(dir, site, { callback: 'default', extra: ['--list-tasks'] });
    const ourList = await runCli(['run', site, '-i', 'localhost,', '--list-tasks'], { cwd: dir });
    expect(listed(refList).filter((t) => t.includes(' : ')).length).toBeGreaterThan(1);
    expect(listed(ourList.stdout)).toEqual(listed(refList));
  }, 180_000);
});

describe('task names YAML gives as booleans, null, numbers or dates', () => {
  // ansible-core 2.14 keeps YAML's value as the name: the banner titles anything but text by the action, --list-tasks
  // and the json callback show the value (`True`), and a false one (false, null, 0, '') is no name.
  const literal = `${dir}literal-names.yml`;
  const listed = (out: string): string[] => [...out.matchAll(/^ {6}(.*)\tTAGS: /gm)].map((m) => m[1] as string);

  it.runIf(hasAnsible)('print the banners, listing and JSON names ansible-playbook prints', async () => {
    const ref = ansiblePlaybook(dir, literal, { callback: 'default' });
    const ours = await runCli(['run', literal, '-i', 'localhost,'], { cwd: dir });
    expect(ours.code, ours.stderr).toBe(0);
    expect(banners(ref)).toHaveLength(11);
    expect(banners(ref)).toContain('2020-01-01');
    expect(banners(ours.stdout)).toEqual(banners(ref));
    const refList = ansiblePlaybook(dir, literal, { callback: 'default', extra: ['--list-tasks'] });
    const ourList = await runCli(['run', literal, '-i', 'localhost,', '--list-tasks'], { cwd: dir });
    expect(listed(refList)).toContain('True');
    expect(listed(ourList.stdout)).toEqual(listed(refList));
    const refJson = ansibleJson(dir, literal).plays[0]?.tasks.map((t) => t.task.name);
    const tmp = mkdtempSync(join(tmpdir(), 'wb-literal-'));
    try {
      const run = await runCli(['run', literal, '-i', 'localhost,', '--json', join(tmp, 'run.json')], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(tmp, 'run.json'), 'utf8')) as { plays: { tasks: { task: { name: string } }[] }[] };
      expect(report.plays[0]?.tasks.map((t) => t.task.name)).toEqual(refJson);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 180_000);
});
