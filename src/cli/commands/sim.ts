/**
 * `winbook sim up` starts a simulated site on loopback; `winbook sim log` prints its rehearsal log. The definitions
 * only: the simulator loads with src/cli/actions/sim.ts when a sim command runs.
 */
import type { Command } from 'commander';
import { parseIntOption } from '../options.ts';

/**
 * The simulated Administrator's password, shown as --password's default. The simulator's own constant
 * (LAB_PASSWORD in src/sim/site.ts) is not imported so that `--help` does not load the simulator; a unit test
 * (test/unit/cli/lazy-commands.test.ts) keeps the two equal.
 */
export const LAB_PASSWORD_DEFAULT = 'Winbook-Lab-2026!';

const actions = () => import('../actions/sim.ts');

export interface UpFlags {
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
  /** --https: the hosts serve HTTPS on 5986 with a certificate the inventory trusts. */
  https?: boolean;
  /** --cbt none|relaxed|strict: CbtHardeningLevel of HTTPS hosts. */
  cbt?: string;
  /** --domain: join the hosts to the lab domain WINBOOK.TEST on a real MIT KDC; the inventory uses Kerberos. */
  domain?: boolean;
  /** --max-operations n: Service/MaxConcurrentOperationsPerUser of every host (Windows' default 1500). */
  maxOperations?: number;
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
    .option('--password <pw>', 'password of the simulated Administrator (lab only)', LAB_PASSWORD_DEFAULT)
    .option('--ssh [port]', 'also serve SSH like Windows OpenSSH (port 22 unless given); writes known_hosts and inventory-ssh.yml to the state dir')
    .option('--site <kind>', 'qlik: a Qlik Sense site (central node, rims, one unregistered rim) on 127.0.30.x; see inventory/lab.yml')
    .option('--rims <n>', '--site qlik: rims already in the site', parseIntOption('--rims', 0))
    .option('--new-rims <n>', '--site qlik: freshly installed, unregistered rims', parseIntOption('--new-rims', 0))
    .option('--https', 'serve WinRM over HTTPS on 5986 with a self-signed certificate the inventory trusts (ansible_winrm_ca_trust_path)')
    .option('--cbt <level>', 'with --https: CbtHardeningLevel none, relaxed (Windows\' default) or strict (refuse logons without channel binding)')
    .option('--max-operations <n>', 'MaxConcurrentOperationsPerUser of every host (Windows\' default 1500): each raw command or upload holds one until its shell is deleted, as on Windows', parseIntOption('--max-operations', 1))
    .option('--domain', 'join the hosts to the domain WINBOOK.TEST: starts MIT\'s KDC (krb5-kdc) on loopback, writes krb5.conf to the state dir, and the inventory logs on as wbadmin@WINBOOK.TEST over Kerberos')
    .action(async (flags: UpFlags) => (await actions()).simUp(flags));
  sim
    .command('log')
    .description('print the rehearsal log: every state change per host, in order, with the account that made it')
    .option('--state-dir <dir>', 'the simulator state dir', '.winbook/sim')
    .option('--host <name>', 'only this host')
    .action(async (flags: { stateDir: string; host?: string }) => (await actions()).simLog(flags));
}
