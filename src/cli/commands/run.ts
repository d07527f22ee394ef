/**
 * `winbook run PLAYBOOK -i INVENTORY` — ansible-playbook's everyday options. The definition only: the run itself
 * (the engine, transports, reporters) loads when the command runs, from src/cli/actions/run.ts.
 */
import type { Command } from 'commander';
import { collect, parseIntOption, tagList } from '../options.ts';
import { addVaultOptions, type VaultFlags } from './vault.ts';
import { addJournalOptions, type JournalFlags } from './journal-options.ts';

export interface RunFlags extends VaultFlags, JournalFlags {
  junit?: string;
  inventory?: string[];
  limit?: string;
  forks: number;
  check?: boolean;
  diff?: boolean;
  /** Raw `-e` values in order; src/cli/extra-vars.ts parses them. */
  extraVars?: string[];
  json?: string;
  html?: string;
  verbose: number;
  tags?: string[];
  skipTags?: string[];
  startAtTask?: string;
  listTasks?: boolean;
  listTags?: boolean;
  listHosts?: boolean;
  syntaxCheck?: boolean;
  forceHandlers?: boolean;
}

export function registerRun(program: Command, setExit: (code: number) => void): void {
  const cmd = program
    .command('run')
    .description('run a playbook against the hosts of an inventory')
    .argument('<playbook>', 'playbook file (Ansible YAML)')
    .option('-i, --inventory <path>', 'inventory file or directory (repeatable)', collect)
    .option('-l, --limit <pattern>', 'limit to hosts matching a pattern (host, group, a:b, a:&b, a:!b, globs)')
    .option('-f, --forks <n>', 'hosts to run in parallel', parseIntOption('--forks', 1), 5)
    .option('-C, --check', "don't change anything; report what would change")
    .option('-D, --diff', 'show differences modules report')
    .option('-e, --extra-vars <vars>', 'k=v, JSON/YAML, or @file (repeatable; highest precedence)', collect)
    .option('--json <file>', "write the run as Ansible's json callback does")
    .option('--junit <file>', 'write a JUnit XML report: one test case per host per task')
    .option('--html <file>', 'write a self-contained HTML timeline of the run')
    .option('-v, --verbose', 'more output (repeat for more)', (_v: string, prev: number) => prev + 1, 0)
    .option('-t, --tags <tags>', 'only run tasks tagged with these (comma-separated, repeatable)', tagList)
    .option('--skip-tags <tags>', 'skip tasks tagged with these (comma-separated, repeatable)', tagList)
    .option('--start-at-task <name>', 'start at the first task with this name')
    .option('--list-tasks', 'list the tasks that would run, then exit')
    .option('--list-tags', 'list the tags, then exit')
    .option('--list-hosts', 'list the hosts each play would run on, then exit')
    .option('--syntax-check', 'check the playbook (and everything it imports), then exit')
    .option('--force-handlers', 'run notified handlers even on hosts that failed');
  addVaultOptions(addJournalOptions(cmd))
    .action(async (playbook: string, flags: RunFlags) => (await import('../actions/run.ts')).runPlaybook(playbook, flags, setExit));
}
