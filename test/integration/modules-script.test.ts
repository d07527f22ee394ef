/**
 * The script module (issue 14) end to end: a playbook whose role runs a local .ps1 through `script:`, loaded and run
 * by the engine over WinRM against a simulated host. The script is found as ansible-playbook 2.14 finds it (the
 * role's files/, the task's folder, the playbook's files/), a vault-encrypted one is decrypted, its arguments reach
 * its param block, creates/removes skip it, a non-zero exit and error records give Ansible's rc, stderr and
 * 'non-zero return code', and check mode skips it as Ansible does. Each script run costs one agent request.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EventBus, type RunEvent } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { Vault } from '../../src/vault/index.ts';
import { fsOf, getNode } from '../../src/sim/host/fs.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';

const VAULT_PASSWORD = 'script-vault-pw';

const PREPARE = `param([string]$Name, [int]$Count = 1)
Write-Output "hello $Name"
Write-Host "count=$Count"
1..$Count | ForEach-Object { "item $_" }
`;
const FAILING = `Write-Output 'before'
Write-Error 'the disk is not ready'
Write-Output 'after'
`;
const EXITING = `param($Code)
Write-Output "leaving with $Code"
if ($Code -gt 0) { exit $Code }
Write-Output 'not reached when Code > 0'
`;
const THROWING = `Write-Output 'lost'
throw 'boom'
`;
const SECRET = `Write-Output "decrypted and run: $($args -join ',')"
`;
// A role's script that works where chdir put it: relative paths land there, through the simulated FileSystem provider.
const WHERE = `(Get-Location).Path
if (-not (Test-Path 'from-script.txt')) { Set-Content -Path 'from-script.txt' -Value 'made by the role' }
(Get-Item 'from-script.txt').FullName
`;

describe('script: a role runs local PowerShell scripts over WinRM against the simulator', () => {
  let site: SimSite;
  let dir: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(188) });
    fsOf(site.hosts[0]!.host.state);
    dir = await mkdtemp(join(tmpdir(), 'winbook-script-'));
    await mkdir(join(dir, 'roles', 'prep', 'tasks'), { recursive: true });
    await mkdir(join(dir, 'roles', 'prep', 'files'), { recursive: true });
    await mkdir(join(dir, 'files'));
    await writeFile(join(dir, 'roles', 'prep', 'files', 'prepare.ps1'), '\uFEFF' + PREPARE);
    // Found next to the role's tasks when the role's files/ has none, as ansible-playbook searches.
    await writeFile(join(dir, 'roles', 'prep', 'tasks', 'exiting.ps1'), EXITING);
    await writeFile(join(dir, 'files', 'failing.ps1'), FAILING);
    await writeFile(join(dir, 'files', 'throwing.ps1'), THROWING);
    await writeFile(join(dir, 'files', 'where.ps1'), WHERE);
    const vault = new Vault([{ label: 'default', password: Buffer.from(VAULT_PASSWORD) }]);
    await writeFile(join(dir, 'files', 'secret.ps1'), vault.encrypt(SECRET));
    await writeFile(join(dir, 'roles', 'prep', 'tasks', 'main.yml'), stringify([
      { name: 'marker', win_file: { path: 'C:\\ProgramData\\prep.marker', state: 'touch' }, when: 'make_marker | default(false)' },
      { name: 'prepare', script: 'prepare.ps1 -Name "two words" -Count {{ count }}', register: 'prepared' },
      { name: 'prepare once', script: 'prepare.ps1 -Name once creates=C:\\ProgramData\\prep.marker', register: 'once' },
      { name: 'only with the marker', script: { cmd: 'prepare.ps1 -Name removes', removes: 'C:\\ProgramData\\prep.marker' }, register: 'removes' },
      { name: 'exit code', script: 'exiting.ps1 -Code 3', register: 'exited', ignore_errors: true },
      { name: 'exit zero', script: 'exiting.ps1 0', register: 'exited0' },
    ]));
    await writeFile(join(dir, 'inventory.yml'), site.inventory());
    await writeFile(join(dir, 'play.yml'), stringify([{
      hosts: 'windows', gather_facts: false, vars: { count: 2 }, roles: ['prep'],
      tasks: [
        { name: 'errors', script: 'failing.ps1', register: 'failing', ignore_errors: true },
        { name: 'throws', 'ansible.builtin.script': 'throwing.ps1', register: 'throwing', ignore_errors: true },
        { name: 'vaulted', script: 'secret.ps1 a b', register: 'secret' },
        { name: 'missing', script: 'nowhere.ps1', register: 'missing', ignore_errors: true },
        { name: 'relative chdir', script: 'failing.ps1', args: { chdir: 'work' }, register: 'chdir', ignore_errors: true },
        { name: 'absolute chdir', script: 'where.ps1', args: { chdir: 'C:\\ProgramData' }, register: 'where' },
        { name: 'missing chdir', script: 'where.ps1', args: { chdir: 'C:\\Nowhere' }, ignore_errors: true },
      ],
    }]));
  });
  afterAll(async () => {
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function play(opts: { check?: boolean; extraVars?: Record<string, unknown> } = {}) {
    const bus = new EventBus();
    const results = new Map<string, Record<string, unknown>>();
    bus.on((e: RunEvent) => {
      if (e.type === 'host.result') results.set(e.task, { ...e.result, status: e.status });
    });
    const summary = await run({
      playbook: join(dir, 'play.yml'), inventory: [join(dir, 'inventory.yml')], bus, check: opts.check ?? false,
      vaultSecrets: [{ label: 'default', password: Buffer.from(VAULT_PASSWORD) }], ...(opts.extraVars ? { extraVars: opts.extraVars } : {}),
    });
    return { summary, results };
  }

  it('runs the role\'s script with its arguments and Ansible\'s result; creates/removes decide; stdout_lines as splitlines', async () => {
    const requests = site.hosts[0]!.listener.requests;
    const { results, summary } = await play();
    expect(results.get('prepare')).toMatchObject({
      changed: true, rc: 0, stdout: 'hello two words\r\ncount=2\r\nitem 1\r\nitem 2\r\n', stdout_lines: ['hello two words', 'count=2', 'item 1', 'item 2'], stderr: '', stderr_lines: [],
    });
    expect(results.get('prepare')?.failed ?? false).toBe(false);
    // No marker yet: creates lets it run, removes skips it.
    expect(results.get('prepare once')).toMatchObject({ changed: true, rc: 0, stdout_lines: ['hello once', 'count=1', 'item 1'] });
    expect(results.get('only with the marker')).toMatchObject({ status: 'skipped', changed: false, skipped: true, msg: 'C:\\ProgramData\\prep.marker does not exist, matching removes option' });
    expect(results.get('exit code')).toMatchObject({ status: 'ignored', changed: true, rc: 3, failed: true, msg: 'non-zero return code', stdout: 'leaving with 3\r\n' });
    expect(results.get('exit zero')).toMatchObject({ changed: true, rc: 0, stdout_lines: ['leaving with 0', 'not reached when Code > 0'] });
    expect(summary.stats.win01).toMatchObject({ failed: 0 });
    expect(site.hosts[0]!.listener.requests).toBeGreaterThan(requests);
  });

  it('gives error records on stderr (rc 1), a terminating error as the wrapper\'s JSON, runs a vaulted script decrypted, and fails a missing one with Ansible\'s text', async () => {
    const { results } = await play();
    const failing = results.get('errors')!;
    expect(failing).toMatchObject({ status: 'ignored', rc: 1, failed: true, msg: 'non-zero return code', stdout: 'before\r\nafter\r\n' });
    expect(failing.stderr_lines).toEqual(expect.arrayContaining(['the disk is not ready', '    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException', 'ScriptStackTrace:']));
    const thrown = results.get('throws')!;
    // As module_wrapper.ps1 sees it: the pipeline fails (Invoke does not throw after AddStatement), the output so far
    // is kept, no exit code was set and there were errors: rc 1, the record on stderr.
    expect(thrown).toMatchObject({ rc: 1, failed: true, msg: 'non-zero return code', stdout: 'lost\r\n' });
    expect(thrown.stderr_lines).toEqual(expect.arrayContaining(['boom', "+ throw 'boom'", '    + FullyQualifiedErrorId : boom']));
    expect(results.get('vaulted')).toMatchObject({ changed: true, rc: 0, stdout: 'decrypted and run: a,b\r\n' });
    const base = dir;
    expect(results.get('missing')).toMatchObject({
      status: 'ignored', changed: false,
      msg: `Could not find or access 'nowhere.ps1'\nSearched in:\n\t${base}/files/nowhere.ps1\n\t${base}/nowhere.ps1\n\t${base}/files/nowhere.ps1\n\t${base}/nowhere.ps1 on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`,
    });
    expect(results.get('relative chdir')).toMatchObject({ status: 'ignored', msg: 'chdir work must be an absolute path for a Windows remote node' });
    // The script runs in its chdir folder (the location PowerShell builds shows '/' under pwsh, docs/simulator.md);
    // its relative paths land there, on the simulated host.
    expect(results.get('absolute chdir')).toMatchObject({ changed: true, rc: 0, stdout_lines: expect.arrayContaining([expect.stringMatching(/^C:[\\/]ProgramData$/), 'C:\\ProgramData\\from-script.txt']) });
    expect(getNode(site.hosts[0]!.host.state, 'C:\\ProgramData\\from-script.txt')?.kind).toBe('file');
    // A chdir folder that does not exist stops the script before it runs, in PowerShell's words.
    expect(results.get('missing chdir')).toMatchObject({ status: 'ignored', changed: false, msg: expect.stringMatching(/^winbook could not set the script's location to 'C:\\Nowhere': Cannot find path 'C:[\\/]Nowhere' because it does not exist\.$/) });
  });

  it('with the marker, creates skips and removes runs; check mode skips a script unless creates/removes decide', async () => {
    const { results } = await play({ extraVars: { make_marker: true } });
    expect(results.get('prepare once')).toMatchObject({ status: 'skipped', skipped: true, msg: 'C:\\ProgramData\\prep.marker exists, matching creates option' });
    expect(results.get('only with the marker')).toMatchObject({ changed: true, rc: 0, stdout_lines: ['hello removes', 'count=1', 'item 1'] });
    const untouched = JSON.stringify(site.hosts[0]!.host.state);
    const check = await play({ check: true, extraVars: { make_marker: true } });
    expect(check.results.get('prepare')).toMatchObject({ status: 'skipped', changed: false, skipped: true, msg: 'Check mode is not supported for this task.' });
    expect(check.results.get('only with the marker')).toMatchObject({ status: 'changed', changed: true });
    expect(check.results.get('only with the marker')).not.toHaveProperty('rc');
    expect(check.results.get('prepare once')).toMatchObject({ status: 'skipped', msg: 'C:\\ProgramData\\prep.marker exists, matching creates option' });
    expect(JSON.stringify(site.hosts[0]!.host.state)).toBe(untouched);
  });
});
