/**
 * `raw` over WinRM on a simulated host: the line Ansible sends (PowerShell -EncodedCommand) runs as a user's
 * PowerShell process, and native programs called from it behave as PowerShell 5.1 runs them: output lines,
 * $LASTEXITCODE, $? false after a non-zero exit, stderr straight through or, redirected with 2>, error records
 * (NativeCommandError); an unknown name is 5.1's "not recognized" error; 5.1's aliases win over programs (`sc` is
 * Set-Content, never sc.exe) and no program of the machine running the simulator is reachable. The exit code is
 * -Command's: `exit N`, else 1 when the last statement failed (a native program's non-zero exit included), else 0.
 * One host for the file; each command is one WinRS command on one shell.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionSettings } from '../../src/inventory/index.ts';
import { parseClixmlAsAnsible } from '../../src/modules/raw/ansible-clixml.ts';
import { rawWinrmCommandLine } from '../../src/modules/raw/winrm-command.ts';
import { startSimSite, type SimSite } from '../../src/sim/site.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { rawSshCommandLine } from '../../src/modules/raw/winrm-command.ts';
import { SshTransport } from '../../src/transport/ssh/transport.ts';
import { sshSettings } from '../../src/inventory/connection.ts';
import { loopbackBlock } from '../helpers/addresses.ts';

describe('raw over WinRM on a simulated host', () => {
  let site: SimSite;
  let t: WinrmTransport;
  const requests: number[] = [];

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(94), ssh: { port: 0 } });
    const h = site.hosts[0]!;
    t = new WinrmTransport(connectionSettings(h.name, { ansible_host: h.address, ansible_user: site.adminUser, ansible_password: site.adminPassword }));
    await t.open();
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await site?.close();
  });

  /** One raw line as Ansible runs it: rc, stdout, and stderr as Ansible decodes it. */
  async function raw(text: string): Promise<{ rc: number; stdout: string; stderr: string }> {
    const before = t.stats().requests;
    const r = await t.exec(rawWinrmCommandLine(text), { keepClixml: true });
    requests.push(t.stats().requests - before);
    return { rc: r.rc, stdout: r.stdout, stderr: parseClixmlAsAnsible(r.stderr) };
  }

  it('runs a native program with PowerShell\'s native-command semantics', async () => {
    const ok = await raw('sc.exe query WinRM | Where-Object { $_ -match "STATE" }; "ok=$? code=$LASTEXITCODE"');
    expect(ok.stdout).toMatch(/^\s+STATE\s+: 4 {2}RUNNING\s*\r\nok=True code=0\r\n$/);
    const failed = await raw('sc.exe query NoSuchService | Out-Null; "ok=$? code=$LASTEXITCODE"');
    expect(failed).toEqual({ rc: 0, stdout: 'ok=False code=1060\r\n', stderr: '' });
  }, 60_000);

  it('exits 1 when a native program fails as the last statement, and N for exit N (PowerShell/PowerShell#13501)', async () => {
    expect((await raw('cmd /c exit 3')).rc).toBe(1);
    expect((await raw('cmd /c exit 3\nexit $LASTEXITCODE')).rc).toBe(3);
    expect((await raw('cmd /c exit 3; "after"')).rc).toBe(0);
    expect((await raw('exit 7')).rc).toBe(7);
    expect(await raw('throw "boom"')).toMatchObject({ rc: 1, stdout: '' });
  }, 60_000);

  it('passes a native program\'s stderr straight through, and makes records of it when the line redirects stream 2', async () => {
    const straight = await raw('net start NoSuchService');
    expect(straight).toEqual({ rc: 1, stdout: '', stderr: 'The service name is invalid.\r\n\r\nMore help is available by typing NET HELPMSG 2185.\r\n\r\n' });
    const records = await raw('$r = net start NoSuchService 2>&1; $r.Count; $r[0].GetType().Name; $r[0].FullyQualifiedErrorId.Split(",")[0]; $r[1].FullyQualifiedErrorId.Split(",")[0]; "$($r[0])"');
    expect(records.stdout).toBe('4\r\nErrorRecord\r\nNativeCommandError\r\nNativeCommandErrorMessage\r\nThe service name is invalid.\r\n');
    // (The ids carry ",LookupHandlerReplacementFor<<net>>" in the simulator: docs/simulator.md.)
    // Shown on stdout with 5.1's view: the program's name, the line, then the CategoryInfo of a RemoteException.
    const shown = await raw('net start NoSuchService 2>&1');
    expect(shown.stdout.split('\r\n').slice(0, 6)).toEqual([
      'net : The service name is invalid.',
      'At line:1 char:1',
      '+ net start NoSuchService 2>&1',
      '+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
      '    + CategoryInfo          : NotSpecified: (The service name is invalid.:String) [], RemoteException',
      '    + FullyQualifiedErrorId : NativeCommandError',
    ]);
  }, 60_000);

  it('says what 5.1 says for a name that is no command or program, and never runs the simulator machine\'s programs', async () => {
    const unknown = await raw('frobnicate --now');
    expect(unknown.rc).toBe(1);
    expect(unknown.stderr.split('\r\n')).toEqual([
      "frobnicate : The term 'frobnicate' is not recognized as the name of a cmdlet, function, script file, or operable ",
      'program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.',
      'At line:1 char:1',
      '+ frobnicate --now',
      '+ ~~~~~~~~~~',
      '    + CategoryInfo          : ObjectNotFound: (frobnicate:String) [], CommandNotFoundException',
      '    + FullyQualifiedErrorId : CommandNotFoundException',
      ' ',
    ]);
    // uname exists on the simulator's own machine and is no Windows program.
    const uname = await raw('uname -a');
    expect(uname.rc).toBe(1);
    expect(uname.stderr).toContain('is not recognized as the name of a cmdlet');
    // ls is 5.1's alias of Get-ChildItem, which reaches the simulated volume only, never the machine's root.
    const ls = await raw('ls /');
    expect(ls.stdout + ls.stderr).not.toMatch(/\b(proc|sys|usr)\b/);
    // `sc` is 5.1's alias of Set-Content: sc.exe must not run.
    expect((await raw('sc query WinRM')).stdout).not.toContain('SERVICE_NAME');
  }, 60_000);

  it('pipes native output into PowerShell as lines and runs programs by full path', async () => {
    expect((await raw('hostname | ForEach-Object { $_.ToLower() + "!" }')).stdout).toBe('win01!\r\n');
    expect((await raw("& 'C:\\Windows\\System32\\whoami.exe'")).stdout).toBe('win01\\administrator\r\n');
    expect((await raw('cmd /c "echo one && echo two"')).stdout).toBe('one \r\ntwo\r\n');
  }, 60_000);

  it('runs nothing of a script that does not parse', async () => {
    const r = await raw('"ran"\nif ($true {');
    expect(r.rc).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^At line:2 char:11\r\n\+ if \(\$true \{\r\n\+ {11}~\r\n/);
  }, 60_000);

  it('runs the same PowerShell over SSH behind chcp.com 65001, in UTF-8, as Ansible\'s ssh connection sends it', async () => {
    const h = site.hosts[0]!;
    const known = join(await mkdtemp(join(tmpdir(), 'winbook-raw-ssh-')), 'known_hosts');
    await writeFile(known, site.knownHosts());
    const v = { ansible_connection: 'ssh', ansible_host: h.ssh!.address, ansible_port: h.ssh!.port, ansible_user: site.adminUser, ansible_password: site.adminPassword, ansible_ssh_known_hosts_file: known };
    const ssh = new SshTransport(connectionSettings(h.name, v), sshSettings(h.name, v, {}));
    await ssh.open();
    try {
      const r = await ssh.exec(rawSshCommandLine('"héllo ✓"; hostname; cmd /c exit 3', 'cmd'));
      expect(r).toEqual({ rc: 1, stdout: 'héllo ✓\r\nWIN01\r\n', stderr: '' });
    } finally {
      await ssh.close();
    }
  }, 60_000);

  it('costs one Command, its Receives and a Signal per raw line', () => {
    // Measured here for docs/winrm.md: Command + Receive(s) until Done + Signal terminate.
    // The first line also waits for the pwsh worker to start, which can outlast a Receive's OperationTimeout.
    console.log(`requests per raw line: ${requests.join(' ')}`);
    // A Receive more when output comes apart from the exit (a loaded machine's timing): never more than one.
    const rest = requests.slice(1).sort((a, b) => a - b);
    expect(rest[Math.floor(rest.length / 2)], requests.join(' ')).toBe(3);
    expect(rest.at(-1), requests.join(' ')).toBeLessThanOrEqual(4);
  });
});
