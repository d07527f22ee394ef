/**
 * Ctrl-C, as a user presses it: SIGINT to the CLI subprocess. The first stops scheduling, stops the running
 * agents, deletes the shells, prints the recap and how to resume, and exits 99 with the journal closed; the
 * second exits at once with every journal line intact.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { execFile } from 'node:child_process';
import { ROOT, runCli } from '../helpers/cli.ts';
import { spawnCli, waitFor } from '../helpers/cli-process.ts';
import { latestJournal } from '../helpers/journal-files.ts';

const PLAYBOOK = `- name: Interrupt rehearsal
  hosts: windows
  gather_facts: false
  tasks:
${Array.from({ length: 8 }, (_, i) => `    - name: Ping ${i + 1}\n      win_ping:\n`).join('')}`;

let site: SimSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function started(block: number): Promise<{ dir: string; args: string[] }> {
  site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(block), latencyMs: 30 });
  const dir = await mkdtemp(join(tmpdir(), 'winbook-sigint-'));
  await writeFile(join(dir, 'inventory.yml'), site.inventory());
  await writeFile(join(dir, 'play.yml'), PLAYBOOK);
  return { dir, args: ['run', join(dir, 'play.yml'), '-i', join(dir, 'inventory.yml')] };
}

const pingStarted = (dir: string, n: number) => () => latestJournal(dir).some((r) => r.t === 'task' && r.name === `Ping ${n}`);

describe('Ctrl-C', () => {
  it('first SIGINT: recap, how to resume, shells deleted, journal closed, exit 99; --resume then finishes', async () => {
    const { dir, args } = await started(191);
    const cli = spawnCli(args, { cwd: dir });
    await waitFor(pingStarted(dir, 2), 60_000, 'Ping 2');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(99);
    expect(cli.stderr()).toContain('Interrupted');
    expect(cli.stdout()).toContain('PLAY RECAP');
    expect(cli.stdout()).not.toContain('TASK [Ping 8]');
    // The hint is the command as it was started, and it pastes: the resume below runs it through a shell.
    const hint = cli.stdout().match(/^To continue each host from the task it stopped at: (.*)$/m)?.[1];
    expect(hint).toBe(`node ${join(ROOT, 'bin/winbook.js')} ${args.join(' ')} --resume`);
    const end = latestJournal(dir).at(-1);
    expect(end).toMatchObject({ t: 'end', status: 'interrupted', exitCode: 99 });
    // Every shell the run created was deleted before the exit.
    for (const h of site!.hosts) expect(h.listener.actions.delete ?? 0).toBe(h.listener.actions.create ?? 0);

    const resumed = await new Promise<{ code: number; stdout: string; stderr: string }>((res) => {
      execFile('sh', ['-c', hint as string], { cwd: dir, env: { ...process.env, CI: '1', NO_COLOR: '1' } }, (err, stdout, stderr) => res({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('TASK [Ping 8]');
    expect(resumed.stdout).not.toContain('TASK [Ping 1]');
  }, 90_000);

  it('second SIGINT: exits at once with every journal line whole and the run marked killed', async () => {
    const { dir, args } = await started(192);
    const cli = spawnCli(args, { cwd: dir });
    await waitFor(pingStarted(dir, 2), 60_000, 'Ping 2');
    cli.child.kill('SIGINT');
    // Signals do not queue: wait until the first was handled before sending the second.
    await waitFor(() => cli.stderr().includes('Interrupted'), 10_000, 'the first SIGINT to be handled');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(99);
    expect(cli.stdout()).not.toContain('PLAY RECAP');
    const records = latestJournal(dir);
    expect(records.at(-1)).toMatchObject({ t: 'end', status: 'killed' });
    const shown = await runCli(['runs', 'show', 'last'], { cwd: dir });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/win01 +(incomplete|ok)/);
    expect(shown.stdout).toContain('status:   killed (exit 99)');
    const listed = await runCli(['runs', 'list'], { cwd: dir });
    expect(listed.stdout).toMatch(/ killed +exit=99 +hosts: \d ok, 0 failed, 0 unreachable, \d incomplete /);
  }, 90_000);
});
