/**
 * async / poll / async_status end to end: the CLI runs a playbook against a simulated host over WinRM, the
 * controller sends the job to the agent, whose own async_job.ps1 runs the module in a runspace of its own and keeps
 * it by jid; the simulated powershell.exe that win_shell starts runs as long as its Start-Sleep says (real seconds,
 * kept short here).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';

const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - name: Polled job within its limit
      win_shell: Start-Sleep -Seconds 1; Write-Output done
      async: 10
      poll: 1
      register: polled
    - name: Polled job past its limit
      win_shell: Start-Sleep -Seconds 2
      async: 1
      poll: 1
      register: late
      ignore_errors: true
    - name: Fire and forget
      win_shell: Start-Sleep -Seconds 2; Write-Output background
      async: 60
      poll: 0
      register: job
    - name: Wait for the job
      async_status:
        jid: "{{ job.ansible_job_id }}"
      register: done
      until: done.finished
      retries: 10
      delay: 1
    - name: Forget the job
      ansible.builtin.async_status:
        jid: "{{ job.ansible_job_id }}"
        mode: cleanup
`;

interface Report {
  plays: { tasks: { task: { name: string }; hosts: Record<string, Record<string, unknown>> }[] }[];
}

/** The same tasks on localhost through ansible-playbook, for the result fields (Start-Sleep → sleep). */
const LOCAL_PLAYBOOK = PLAYBOOK.replace('hosts: all', 'hosts: localhost')
  .replace(/win_shell: Start-Sleep -Seconds (\d+); Write-Output (\w+)/g, 'shell: sleep $1; echo $2')
  .replace(/win_shell: Start-Sleep -Seconds (\d+)/g, 'command: sleep $1');

const HAVE_ANSIBLE = spawnSync('ansible-playbook', ['--version'], { stdio: 'ignore' }).status === 0;

describe('async tasks against a simulated host', () => {
  let site: SimSite;
  let dir: string;
  let mine: (name: string) => Record<string, unknown>;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(230) });
    dir = await mkdtemp(join(tmpdir(), 'winbook-async-'));
    await writeFile(join(dir, 'inventory.yml'), site.inventory());
    await writeFile(join(dir, 'site.yml'), PLAYBOOK);
  });
  afterAll(async () => {
    await site?.close();
  });

  it('waits for polled jobs, fails one past its limit with Ansible\'s message, and collects a fire-and-forget job', async () => {
    const json = join(dir, 'run.json');
    const r = await runCli(['run', join(dir, 'site.yml'), '-i', join(dir, 'inventory.yml'), '--json', json]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // As ansible-playbook counts it: the polled job, the started job and the status that returns its (changed) result.
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('win01 : ok=5 changed=3 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1');
    const report = JSON.parse(await readFile(json, 'utf8')) as Report;
    const result = (name: string) => report.plays[0]?.tasks.find((t) => t.task.name === name)?.hosts.win01 ?? {};
    mine = result;

    expect(result('Polled job within its limit')).toMatchObject({ changed: true, finished: 1, started: 1, stdout: 'done\r\n' });
    expect(result('Polled job within its limit').ansible_job_id).toMatch(/^j\d{12}\.\d+$/);
    expect(result('Polled job past its limit')).toMatchObject({ failed: true, msg: 'async task did not complete within the requested time - 1s', async_result: { finished: 0 } });
    const job = result('Fire and forget');
    expect(job).toMatchObject({ changed: true, started: 1, finished: 0 });
    // The job sleeps 2 s and the status is asked every second: finished on a later attempt, never the first.
    expect(result('Wait for the job')).toMatchObject({ finished: 1, stdout: 'background\r\n', ansible_job_id: job.ansible_job_id });
    expect(result('Wait for the job').attempts).toBeGreaterThan(1);
    expect(result('Forget the job')).toMatchObject({ changed: false, erased: job.ansible_job_id });
  });

  // Needs the first test's results; ansible-playbook 2.14 with `-c local` is the reference for the field names.
  it.skipIf(!HAVE_ANSIBLE)('gives the async fields ansible-playbook gives for the same tasks on localhost', async () => {
    await writeFile(join(dir, 'local.yml'), LOCAL_PLAYBOOK);
    const out = spawnSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', join(dir, 'local.yml')], {
      encoding: 'utf8', env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False' },
    });
    const ref = JSON.parse(out.stdout) as Report;
    const theirs = (name: string) => ref.plays[0]?.tasks.find((t) => t.task.name === name)?.hosts.localhost ?? {};
    const pick = (r: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, r[k]]));
    const asyncKeys = ['changed', 'started', 'finished'];
    for (const name of ['Polled job within its limit', 'Fire and forget', 'Wait for the job']) {
      expect(pick(mine(name), asyncKeys), name).toEqual(pick(theirs(name), asyncKeys));
      expect(typeof theirs(name).ansible_job_id, name).toBe('string');
    }
    expect(typeof mine('Wait for the job').attempts).toBe(typeof theirs('Wait for the job').attempts);
    const late = [mine('Polled job past its limit'), theirs('Polled job past its limit')];
    // Ansible's json callback adds _ansible_no_log; the rest of the keys must match.
    const keys = (r: Record<string, unknown> | undefined) => Object.keys(r ?? {}).filter((k) => !k.startsWith('_ansible')).sort();
    expect(keys(late[0])).toEqual(keys(late[1]));
    expect(late[0]?.msg).toBe(late[1]?.msg);
    // Ansible's async_result also carries results_file, invocation and empty stdout/stderr; ours only the job fields.
    expect(Object.keys(late[1]?.async_result as object)).toEqual(expect.arrayContaining(Object.keys(late[0]?.async_result as object)));
    // Ansible reports failed: 0 (an int) on a started job; winbook omits it or says false — both falsy.
    expect(Boolean(mine('Fire and forget').failed)).toBe(Boolean(theirs('Fire and forget').failed));
  });
});
