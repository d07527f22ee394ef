/** `winbook sim up` starts a simulated site on loopback; `winbook sim log` prints its rehearsal log. */
import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LAB_PASSWORD, startSimSite } from '../../sim/site.ts';
import { parseIntOption } from '../options.ts';
import { OptionsError } from '../../errors.ts';
import { formatLogLine } from '../../sim/qlik/log-format.ts';
import { upQlikSite } from './sim-qlik.ts';

interface UpFlags {
  hosts: number;
  inventory?: string;
  stateDir: string;
  latencyMs: number;
  baseAddress: string;
  port: number;
  password: string;
  /** --ssh [port]: true for port 22. */
  ssh?: boolean | string;
  /** --site qlik: a Qlik Sense site (central, rims, a new rim). */
  site?: string;
  rims?: number;
  newRims?: number;
}

export function registerSim(program: Command, _setExit: (code: number) => void): void {
  const sim = program.command('sim').description('simulated Windows hosts on loopback, for rehearsals and tests');
  sim
    .command('up')
    .description('start simulated hosts (one loopback address each, WinRM with NTLM and encryption) until Ctrl-C')
    .option('--hosts <n>', 'number of hosts', parseIntOption('--hosts', 1), 3)
    .option('--inventory <file>', 'also write the Ansible inventory for the hosts here')
    .option('--state-dir <dir>', 'where host state, the rehearsal log and the inventory go; each `sim up` starts fresh hosts and a fresh log', '.winbook/sim')
    .option('--latency-ms <n>', 'delay added to every HTTP response', parseIntOption('--latency-ms', 0), 0)
    .option('--base-address <a.b.c>', 'first three octets of the loopback block; host i is <a.b.c>.i', '127.0.10')
    .option('--port <n>', 'WinRM HTTP port', parseIntOption('--port', 1), 5985)
    .option('--password <pw>', 'password of the simulated Administrator (lab only)', LAB_PASSWORD)
    .option('--ssh [port]', 'also serve SSH like Windows OpenSSH (port 22 unless given); writes known_hosts and inventory-ssh.yml to the state dir')
    .option('--site <kind>', 'qlik: a Qlik Sense site (central node, rims, one unregistered rim) on 127.0.30.x; see inventory/lab.yml')
    .option('--rims <n>', '--site qlik: rims already in the site', parseIntOption('--rims', 0))
    .option('--new-rims <n>', '--site qlik: freshly installed, unregistered rims', parseIntOption('--new-rims', 0))
    .action(async (flags: UpFlags) => {
      if (!/^127\.\d{1,3}\.\d{1,3}$/.test(flags.baseAddress)) {
        throw new OptionsError('BAD_OPTION', `--base-address ${flags.baseAddress}: the simulator only listens on loopback (127.x.y)`, { hint: 'e.g. --base-address 127.0.10' });
      }
      const sshPort = flags.ssh === undefined || flags.ssh === false ? undefined : flags.ssh === true ? 22 : parseIntOption('--ssh', 0)(flags.ssh);
      if (flags.site === 'qlik') return upQlikSite({ ...flags, sshPort });
      if (flags.site !== undefined) throw new OptionsError('BAD_OPTION', `--site ${flags.site}: unknown site kind`, { hint: 'the only kind is qlik' });
      const site = await startSimSite({
        hosts: flags.hosts,
        baseAddress: flags.baseAddress,
        port: flags.port,
        stateDir: flags.stateDir,
        latencyMs: flags.latencyMs,
        adminPassword: flags.password,
        ssh: sshPort === undefined ? undefined : { port: sshPort },
      });
      if (flags.inventory) await writeFile(flags.inventory, site.inventory(), { mode: 0o600 });
      for (const h of site.hosts) process.stdout.write(`  ${h.name}  ${h.listener.url}${h.ssh ? `  ssh://${h.ssh.address}:${h.ssh.port}` : ''}\n`);
      process.stdout.write(`winbook sim: ${site.hosts.length} hosts ready; inventory ${flags.inventory ?? join(flags.stateDir, 'inventory.yml')}; Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await site.close();
      process.stdout.write('winbook sim: stopped\n');
    });
  sim
    .command('log')
    .description('print the rehearsal log: every state change per host, in order, with the account that made it')
    .option('--state-dir <dir>', 'the simulator state dir', '.winbook/sim')
    .option('--host <name>', 'only this host')
    .action(async (flags: { stateDir: string; host?: string }) => {
      const file = join(flags.stateDir, 'rehearsal.jsonl');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        throw new OptionsError('NO_REHEARSAL_LOG', `no rehearsal log at ${file}`, { hint: 'start a site with `winbook sim up --state-dir DIR` and run a playbook against it first' });
      }
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const e = JSON.parse(line) as { time: string; host: string; account: string; what: string; target: string; detail?: unknown };
        if (flags.host && e.host.toLowerCase() !== flags.host.toLowerCase()) continue;
        process.stdout.write(formatLogLine(e as Parameters<typeof formatLogLine>[0]) + '\n');
      }
    });
}
