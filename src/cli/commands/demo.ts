/**
 * `winbook demo` (npm run demo): the main job, rehearsed. A simulated Qlik Sense site (central node, two rims and
 * a fresh unregistered rim) starts in this process, and playbooks/qlik-sense/change-service-account.yml runs
 * against it over real WinRM on loopback (NTLM, sealed messages): live progress, the recap, the rehearsal log and
 * an HTML timeline. `--site basic` runs playbooks/demo.yml on three plain Windows hosts instead.
 */
import type { Command } from 'commander';
import { parseIntOption } from '../options.ts';

export interface DemoFlags {
  hosts: number;
  playbook?: string;
  baseAddress: string;
  site: string;
}

export function registerDemo(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('rehearse the Qlik Sense service-account change on a simulated site started in this process')
    .option('--site <kind>', 'qlik (a central node and rims, change-service-account.yml) or basic (plain hosts, demo.yml)', 'qlik')
    .option('--hosts <n>', 'simulated hosts for --site basic', parseIntOption('--hosts', 1), 3)
    .option('--playbook <file>', 'playbook to run instead of the site\'s default')
    .option('--base-address <a.b.c>', 'loopback block for the simulated hosts', '127.0.20')
    .action(async (flags: DemoFlags) => (await import('../actions/demo.ts')).runDemo(flags, setExit));
}
