/**
 * --list-tasks, --list-hosts, --list-tags and --syntax-check through the CLI: exit 0 without a single request to
 * the (running) simulated hosts, exit 3 for a broken playbook, and the same text ansible-playbook prints for the
 * same playbook and inventory (when ansible-playbook is installed).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';

const LIST_DIR = fileURLToPath(new URL('../fixtures/ansible-playbooks/list-flags/', import.meta.url));
const WIN_DIR = fileURLToPath(new URL('../fixtures/ansible-playbooks/windows/', import.meta.url));
const hasAnsible = existsSync('/usr/bin/ansible-playbook');

function ansiblePlaybook(args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('ansible-playbook', args, { cwd, env: { ...process.env, ANSIBLE_NOCOLOR: '1' } }, (err, stdout) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout });
    });
  });
}

/** ansible-playbook lists a group's hosts in no stable order (it walks a set): compare host lines sorted. */
function sortedHosts(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i] as string);
    if (/^ {4}hosts \(\d+\):$/.test(lines[i] as string)) {
      const hosts: string[] = [];
      while (i + 1 < lines.length && /^ {6}\S/.test(lines[i + 1] as string)) hosts.push(lines[++i] as string);
      out.push(...hosts.sort());
    }
  }
  return out.join('\n');
}

describe('listing and syntax-check flags', () => {
  let site: SimSite;
  let inventory: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(92) });
    const dir = await mkdtemp(join(tmpdir(), 'winbook-list-'));
    inventory = join(dir, 'inventory.yml');
    await writeFile(inventory, site.inventory());
  });
  afterAll(async () => {
    await site?.close();
  });

  it.each([['--list-tasks'], ['--list-hosts'], ['--list-tags'], ['--syntax-check']])('%s exits 0 and touches no host', async (flag) => {
    const r = await runCli(['run', 'site.yml', '-i', inventory, flag], { cwd: LIST_DIR });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('playbook: site.yml');
    expect(site.requests()).toBe(0);
    expect(site.log.entries()).toHaveLength(0);
  });

  it('lists what --tags and --skip-tags select, with inherited tags sorted', async () => {
    const r = await runCli(['run', 'site.yml', '-i', inventory, '--list-tasks', '--tags', 'services'], { cwd: LIST_DIR });
    expect(r.stdout).toContain('      Reach every host\tTAGS: [always, prepare]');
    expect(r.stdout).toContain('      Time service starts automatically\tTAGS: [prepare, services, time]');
    expect(r.stdout).not.toContain('Only on request');
  });

  it('exits 3 on a syntax error, naming the file, line and column, without touching a host', async () => {
    const r = await runCli(['run', 'broken.yml', '-i', inventory, '--syntax-check'], { cwd: LIST_DIR });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("broken.yml:6:7: unknown task keyword 'whne'");
    expect(site.requests()).toBe(0);
  });

  const cases: [string, string[], string][] = [
    ...[['--list-tasks'], ['--list-hosts'], ['--list-tags'], ['--syntax-check'], ['--list-tasks', '--tags', 'services'], ['--list-tasks', '--skip-tags', 'time'],
      ['--list-tasks', '--tags', 'never'], ['--list-tags', '--tags', 'debug'], ['--list-hosts', '-l', 'win01']].map((f): [string, string[], string] => ['site.yml', f, LIST_DIR]),
    ...readdirSync(WIN_DIR).filter((f) => f.endsWith('.yml')).map((p): [string, string[], string] => [`windows/${p}`, ['--list-tasks'], WIN_DIR]),
  ];
  // The windows corpus is compared on --list-tasks (blocks, includes, meta, handlers); site.yml covers every flag.
  describe.runIf(hasAnsible)('compared with ansible-playbook', () => {
    it.each(cases)('%s %j prints what ansible-playbook prints', async (name, flags, dir) => {
    const playbook = name.replace(/^windows\//, '');
    const [ref, ours] = await Promise.all([ansiblePlaybook(['-i', inventory, playbook, ...flags], dir), runCli(['run', playbook, '-i', inventory, ...flags], { cwd: dir })]);
    expect(ref.code).toBe(0);
    expect(ours.code, ours.stderr).toBe(0);
    expect(sortedHosts(ours.stdout)).toBe(sortedHosts(ref.stdout));
  });
  });
});
