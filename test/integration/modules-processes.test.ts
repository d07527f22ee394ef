/**
 * The process modules' own PowerShell in pwsh (win_command, win_shell, qlik_bootstrap) through the real WinRM
 * client and agent, against simulated hosts whose programs run through the façade's processes verbs: check,
 * apply, reapply, failures in Windows' words, and issue 13's findings B1, B2, run-process.ps1's code page and
 * CLIXML in win_shell's stderr.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentSession } from '../../src/agent/session.ts';
import { connectionSettings } from '../../src/inventory/index.ts';
import { findModule } from '../../src/modules/registry.ts';
import type { ModuleDef, ModuleResult } from '../../src/modules/types.ts';
import { asyncJob } from '../../src/modules/async_status/job.ts';
import { getNode } from '../../src/sim/host/fs.ts';
import { startService, stopService } from '../../src/sim/host/services.ts';
import { pushCertificates } from '../../src/sim/qlik/unlock.ts';
import { type QlikSite, startQlikSite } from '../../src/sim/site-qlik.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { useModuleHost } from '../helpers/module-host.ts';

describe('win_command and win_shell run their own PowerShell against a simulated host', () => {
  const mh = useModuleHost(250);
  const { task, rehearse, host } = mh;

  it('win_shell with creates: check skips it (1.14 has no check mode), apply runs it, reapply is skipped', async () => {
    // The simulated volume is built on first use; a first read builds it, so check mode's fingerprint compares like with like.
    await task('win_stat', { path: 'C:\\' });
    const [check, apply, reapply] = await rehearse('win_shell', { _raw_params: 'New-Item -ItemType Directory -Path C:\\Marker', creates: 'C:\\Marker' });
    // Legacy Parse-Args -supports_check_mode $false: skipped before creates is read, in words that name no module.
    expect(check).toEqual({ changed: false, skipped: true, msg: 'remote module does not support check mode' });
    expect(apply).toMatchObject({ changed: true, rc: 0, stdout: expect.stringContaining('Marker') });
    expect(apply.start).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(apply.delta).toMatch(/^\d+:\d\d:\d\d\.\d{6}$/);
    expect(reapply).toMatchObject({ changed: false, skipped: true, msg: 'skipped, since C:\\Marker exists' });
    expect(getNode(host().state, 'C:\\Marker')?.kind).toBe('directory');
  });

  it('win_command with removes and a wildcard: runs only while a matching file exists', async () => {
    expect(await task('win_command', { cmd: 'hostname', removes: 'C:\\Marker\\*.flag' })).toMatchObject({ changed: false, skipped: true, msg: 'skipped, since C:\\Marker\\*.flag does not exist' });
    expect(await task('win_command', { cmd: 'hostname', removes: 'C:\\Windows\\System32\\drivers\\etc\\h*' })).toMatchObject({ changed: true, rc: 0, stdout: 'WIN01\r\n', stdout_lines: ['WIN01'] });
  });

  it('run-process.ps1 code page: a child writing the OEM code page (cmd echo, 437) comes back as the characters it wrote', async () => {
    // The old runner decoded the child's output as UTF-8: 437's é (0x82) became U+FFFD.
    const r = await task('win_command', { cmd: 'cmd.exe /c echo Qlik Sense café — naïve' });
    expect(r).toMatchObject({ rc: 0, stdout: 'Qlik Sense café ? naïve\r\n' });
    const shell = await task('win_shell', { _raw_params: 'echo Größe', executable: 'cmd' });
    expect(shell.stdout).toBe('Größe\r\n');
  });

  it('CLIXML in win_shell stderr: a child powershell.exe\'s error stream comes back as text', async () => {
    const r = await task('win_shell', { _raw_params: 'Write-Output before; Get-Content C:\\Nope\\missing.txt' });
    expect(r).toMatchObject({ failed: true, rc: 1, msg: 'non-zero return code', stdout: 'before\r\n' });
    expect(r.stderr).toBe("Get-Content : Cannot find path 'C:\\Nope\\missing.txt' because it does not exist.\r\n");
    expect(String(r.stderr)).not.toContain('CLIXML');
  });

  it('a task\'s environment reaches the program the module starts, for that task only', async () => {
    // Moved here from the legacy agent emulation's unit test: the real bootstrap sets it on the agent's process.
    const shell = (env?: Record<string, string>) => task('win_shell', { _raw_params: 'Write-Output "[$env:App_Stage]"' }, env ? { environment: env } : {});
    expect((await shell({ APP_STAGE: 'rehearsal' })).stdout).toBe('[rehearsal]\r\n');
    expect((await shell()).stdout).toBe('[]\r\n');
  });

  // The job's runspace is made from the session state the agent reports, as on Windows: in the simulator that is the
  // user layer (docs/simulator.md), whose providers reach the simulated volume only, never this machine's files.
  it('an async job\'s runspace has the façade, and its file system is the simulated volume, never the machine\'s (async_job.ps1)', async () => {
    const transport = new WinrmTransport(connectionSettings('win01', { ansible_host: mh.site().hosts[0]!.address, ansible_user: mh.site().adminUser, ansible_password: mh.site().adminPassword }));
    await transport.open();
    const agent = new AgentSession(transport);
    try {
      await agent.start();
      const body = "$r = @{ changed = $false; host = [string](Get-WbHostInfo).Hostname }\ntry { Get-Content -Path /etc/hostname; $r.leaked = $true } catch { $r.refused = $_.Exception.Message }\n$r";
      const script = Buffer.from(body, 'utf8').toString('base64');
      const r = await agent.invoke(asyncJob as ModuleDef, { mode: 'wait', jid: 'j1.1', limit: 30, module: 'probe', script, args: {} }, { check: false, diff: false });
      expect(r).toMatchObject({ host: 'WIN01', finished: 1, ansible_job_id: 'j1.1' });
      expect(r.leaked).toBeUndefined();
      expect(String(r.refused)).toBe("Cannot find drive. A drive with the name '/' does not exist.");
    } finally {
      await agent.close();
      await transport.close();
    }
  });

  it('argv is quoted with the Win32 rules, and failures come in Windows\' words', async () => {
    expect(await task('win_command', { argv: ['sc.exe', 'query', 'No Such Service'] })).toMatchObject({ failed: true, rc: 1060, cmd: 'sc.exe query "No Such Service"' });
    // A program that cannot start is a FailJson in win_command (rc: its Win32 error, else 2), not a module crash.
    const badDir = await task('win_command', { cmd: 'whoami', chdir: 'C:\\Nowhere' });
    expect(badDir).toMatchObject({ failed: true, changed: false, rc: 2, msg: "Failed to run: 'whoami': Could not find specified -WorkingDirectory 'C:\\Nowhere'" });
    expect(badDir).not.toHaveProperty('exception');
    expect(await task('win_command', { cmd: 'C:\\Tools\\missing.exe /x' })).toMatchObject({
      failed: true, rc: 2,
      msg: 'Failed to run: \'C:\\Tools\\missing.exe /x\': Exception calling "CreateProcess" with "7" argument(s): "CreateProcessW() failed (The system cannot find the file specified, Win32ErrorCode 2 - 0x00000002)"',
    });
    expect(await task('win_shell', { _raw_params: 'whoami', chdir: 'C:\\Nowhere' })).toMatchObject({ failed: true, rc: 267, msg: 'The directory name is invalid.' });
    expect(await task('win_shell', { _raw_params: 'Get-Process' })).toMatchObject({ failed: true, rc: 1, stderr: expect.stringContaining("It cannot run 'Get-Process'") });
  });
});

describe('qlik_bootstrap runs its own PowerShell against simulated Qlik nodes', () => {
  let site: QlikSite;
  const agents: { transport: WinrmTransport; agent: AgentSession }[] = [];
  const def = findModule('qlik_bootstrap') as ModuleDef;
  const central = () => site.sim.hosts[0]!.host;
  const rim = () => site.sim.hosts[1]!.host;
  const admin = (account = 'Administrator') => ({ account, log: site.log });
  const run = (i: number, args: Record<string, unknown>, check = false): Promise<ModuleResult> =>
    agents[i]!.agent.invoke(def, def.schema.parse(args), { check, diff: false });

  beforeAll(async () => {
    site = await startQlikSite({ baseAddress: loopbackBlock(244), rims: 0, newRims: 1 });
    for (const h of site.sim.hosts) {
      const transport = new WinrmTransport(connectionSettings(h.host.name, { ansible_host: h.address, ansible_user: site.sim.adminUser, ansible_password: site.sim.adminPassword }));
      await transport.open();
      const agent = new AgentSession(transport);
      await agent.start();
      agents.push({ transport, agent });
    }
  });
  afterAll(async () => {
    for (const a of agents) {
      await a.agent.close();
      await a.transport.close();
    }
    await site?.close();
  });

  it('check mode runs nothing', async () => {
    const before = JSON.stringify([central().state, site.log.entries()]);
    expect(await run(0, { service: 'proxy' }, true)).toMatchObject({ changed: true, msg: 'check mode: the bootstrap would run' });
    expect(JSON.stringify([central().state, site.log.entries()])).toBe(before);
  });

  it('B2: a successful bootstrap reports success and rc 0; B1: its output lines are plain strings', async () => {
    stopService(central().state, 'QlikSenseProxyService', admin());
    const r = await run(0, { service: 'proxy' });
    // The old script read Start-Process -PassThru's ExitCode ($null: PowerShell issue 5421) and reported this failed.
    expect(r).toMatchObject({ changed: true, rc: 0, waiting: false, cmd: 'Proxy.exe -bootstrap' });
    expect(r.failed ?? false).toBe(false);
    // The old script returned Get-Content lines (PSPath, PSDrive... notes): 5.1's ConvertTo-Json walked the provider graph.
    expect(r.stdout_lines).toEqual(['Qlik Sense Proxy Service bootstrap mode', `Node: ${central().name} (central)`, 'Bootstrap mode completed.']);
    expect(r.stdout).toBe((r.stdout_lines as string[]).map((l) => `${l}\r\n`).join(''));
    expect(site.log.entries().map((e) => e.what)).toContain('qlik.bootstrap_done');
  });

  it('B2: a failing bootstrap reports its exit code, in Qlik\'s words', async () => {
    // QRS still runs on the central node: the bootstrap refuses (S11) and exits 1.
    const r = await run(0, { service: 'repository', central: true });
    expect(r).toMatchObject({ failed: true, changed: false, rc: 1 });
    expect(r.msg).toBe('Repository.exe -bootstrap -iscentral failed with exit code 1: The Qlik Sense Repository Service is running; stop it before running bootstrap.');
  });

  it('a rim waits for its certificates; a wrong password times out; the pushed one ends the bootstrap with rc 0', async () => {
    startService(rim().state, 'QlikSenseServiceDispatcher', admin());
    expect(await run(1, { service: 'repository', unlock_password: 'early' })).toMatchObject({ failed: true, msg: `no Repository.exe -bootstrap is waiting for certificates on ${rim().name}` });
    const waiting = await run(1, { service: 'repository', wait_for: 'certificates', timeout: 30 });
    expect(waiting).toMatchObject({ changed: true, waiting: true, stdout_lines: expect.arrayContaining(['Waiting for certificates to be installed..']) });
    expect(waiting.rc).toBeUndefined();
    const node = site.model.get(rim().name)!.node;
    expect(pushCertificates(site.model, node, 'pushed-pw', 'test').ok).toBe(true);
    const wrong = await run(1, { service: 'repository', unlock_password: 'not-it', timeout: 5 });
    expect(wrong).toMatchObject({ failed: true, waiting: true, msg: expect.stringContaining('timed out after 5 s: Repository.exe -bootstrap is still waiting for certificates') });
    expect(JSON.stringify(wrong)).not.toContain('not-it');
    const done = await run(1, { service: 'repository', unlock_password: 'pushed-pw', timeout: 5 });
    expect(done).toMatchObject({ changed: true, rc: 0, waiting: false, pid: waiting.pid, stdout_lines: expect.arrayContaining(['Bootstrap mode completed.']) });
    expect(done.failed ?? false).toBe(false);
    expect(node.certs).toBe('installed');
    expect(await run(1, { service: 'repository', unlock_password: 'pushed-pw' })).toMatchObject({ failed: true, msg: expect.stringContaining('is waiting for certificates') });
  });
});
