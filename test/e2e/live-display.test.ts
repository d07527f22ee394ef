/**
 * The live display in a real pseudo-terminal (tmux, 120 × 50), as an admin sees it: 200 simulated hosts, -f 50.
 * While the run goes on the screen holds the current task's header and counts, never a second copy of a host's
 * line; what stays in the scrollback is what ansible-playbook prints, with routine results counted; after Ctrl-C
 * the screen says the run was interrupted, and no unfinished task is shown as done.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { ROOT } from '../helpers/cli.ts';
import { waitFor } from '../helpers/cli-process.ts';
import { tmuxSession } from '../helpers/tmux.ts';
import type { TmuxSession } from '../helpers/tmux.ts';

const HOSTS = 200;
const PLAYBOOK = `- name: Live display
  hosts: windows
  gather_facts: false
  tasks:
    - name: Who is there
      raw: hostname
    - name: Say hello
      debug:
        msg: "hello from {{ inventory_hostname }}"
      when: inventory_hostname in ['win01', 'win02']
    - name: Who is there again
      raw: hostname
`;

let site: SimSite;
let dir: string;
const sessions: TmuxSession[] = [];

beforeAll(async () => {
  // 100 ms per reply: the tasks take long enough for the screen to be read while they run.
  site = await startSimSite({ hosts: HOSTS, baseAddress: loopbackBlock(111), latencyMs: 100 });
  dir = await mkdtemp(join(tmpdir(), 'winbook-live-'));
  await writeFile(join(dir, 'inventory.yml'), site.inventory());
  await writeFile(join(dir, 'play.yml'), PLAYBOOK);
}, 120_000);

afterAll(async () => {
  for (const s of sessions) await s.kill();
  await site?.close();
});

async function start(extra = ''): Promise<TmuxSession> {
  const bin = join(ROOT, 'bin/winbook.js');
  // The shell survives Ctrl-C (a trap, which its child does not inherit) to print the exit code.
  const cmd = `trap 'true' INT; env -u CI -u NO_COLOR TERM=xterm-256color WINBOOK_RUN_FROM=src '${process.execPath}' '${bin}' run play.yml -i inventory.yml -f 50 ${extra}; echo "EXIT=$?"`;
  const s = await tmuxSession(cmd, { cwd: dir, rows: 50, columns: 120 });
  sessions.push(s);
  return s;
}

const exited = (lines: string[]) => lines.some((l) => /^EXIT=\d+$/.test(l));

describe('live display in a 50-line terminal, 200 hosts', () => {
  it('keeps the current task and counts on screen, one line per shown host, and leaves what ansible-playbook prints', async () => {
    const s = await start();
    const screens: string[][] = [];
    await waitFor(async () => {
      const screen = await s.screen();
      screens.push(screen);
      return exited(screen);
    }, 240_000, 'the run to end');
    const live = screens.filter((sc) => sc.some((l) => /^ {2}200 hosts: .*\(\d+s\)$/.test(l)));
    expect(live.length).toBeGreaterThan(0);
    for (const sc of live) {
      // The task being run is on screen, and no host has two lines (the old display appended copies).
      expect(sc.some((l) => /^TASK \[(Who is there|Say hello|Who is there again)\] \*+$/.test(l)), sc.join('\n')).toBe(true);
      const rows = sc.filter((l) => /^ {2}win\d+: running \d+s/.test(l)).map((l) => l.split(':')[0]);
      expect(new Set(rows).size, sc.join('\n')).toBe(rows.length);
      expect(rows.length).toBeLessThanOrEqual(23);
    }
    const all = await s.history();
    expect(all).toContain('EXIT=0');
    expect(all.filter((l) => l.startsWith('TASK [Who is there]'))).toHaveLength(1);
    expect(all.filter((l) => / running \d+s/.test(l))).toEqual([]);
    expect(all.filter((l) => l === `  ${HOSTS} hosts: changed=${HOSTS}`)).toHaveLength(2);
    expect(all.filter((l) => /^(ok|changed): \[win\d+\]$|^skipping: \[win\d+\]/.test(l))).toEqual([]);
    expect(all).toContain('  200 hosts: ok=2  skipped=198');
    expect(all.join('\n')).not.toContain('MaxListenersExceededWarning');
    expect(all.join('\n')).toContain('ok: [win01] => {\n    "msg": "hello from win01"\n}');
    expect(all.filter((l) => /^win\d+ +: ok=3 +changed=2 +unreachable=0 +failed=0 +skipped=0/.test(l)).length).toBe(2);
    expect(all.filter((l) => /^win\d+ +: ok=2 +changed=2 +unreachable=0 +failed=0 +skipped=1/.test(l)).length).toBe(HOSTS - 2);
  }, 300_000);

  it('after Ctrl-C says it was interrupted and shows no unfinished task as done', async () => {
    const s = await start();
    await waitFor(async () => (await s.screen()).some((l) => /^ {2}200 hosts: running=\d+.*\(\d+s\)$/.test(l)), 120_000, 'the first task to run');
    await s.keys('C-c');
    await waitFor(async () => exited(await s.screen()), 120_000, 'the run to end');
    const all = await s.history();
    expect(all).toContain('EXIT=99');
    expect(all).toContain('Interrupted: stopping running tasks and closing connections (Ctrl-C again to quit at once)');
    expect(all).toContain('Interrupted during TASK [Who is there]: tasks after it did not run; the recap counts only results that came back.');
    expect(all.find((l) => l.startsWith('  200 hosts:'))).toMatch(/ — not finished: \d+ stopped while running, \d+ never started$/);
    expect(all.filter((l) => l.startsWith('TASK [Say hello]'))).toEqual([]);
    expect(all.some((l) => l.startsWith('PLAY RECAP'))).toBe(true);
  }, 300_000);
});
