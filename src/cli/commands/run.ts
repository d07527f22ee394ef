/** `winbook run PLAYBOOK -i INVENTORY` — ansible-playbook's everyday options. */
import type { Command } from 'commander';
import { EventBus } from '../../engine/events.ts';
import { prepareRun, run, selectOrThrow } from '../../index.ts';
import { selectHosts } from '../../inventory/index.ts';
import { listHosts, listTags, listTasks } from '../../playbook/listing.ts';
import { attachReporters } from '../reporters.ts';
import { collect, parseExtraVars, parseIntOption } from '../options.ts';
import { OptionsError } from '../../errors.ts';
import { interruptSignal } from '../interrupt.ts';
import { addVaultOptions, vaultPasswordOptions, type VaultFlags } from './vault.ts';
import { loadVaultSecrets } from '../../vault/index.ts';
import { addJournalOptions, nextSteps, openRunJournal, planAgain, type JournalFlags } from '../run-journal.ts';
import { attachJunitReporter } from '../../report/junit-reporter.ts';

interface RunFlags extends VaultFlags, JournalFlags {
  junit?: string;
  inventory?: string[];
  limit?: string;
  forks: number;
  check?: boolean;
  diff?: boolean;
  extraVars?: Record<string, unknown>;
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

const tagList = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',').map((t) => t.trim()).filter(Boolean)];

/** --syntax-check and the --list-* modes: load and validate everything, print, touch no host. */
async function inspectOnly(playbook: string, flags: RunFlags, vaultSecrets: Awaited<ReturnType<typeof loadVaultSecrets>>): Promise<boolean> {
  if (!flags.syntaxCheck && !flags.listTasks && !flags.listTags && !flags.listHosts) return false;
  const { playbook: loaded, inventory } = await prepareRun({ playbook, inventory: flags.inventory ?? [], limit: flags.limit, vaultSecrets });
  const pb = selectOrThrow(loaded, { tags: flags.tags, skipTags: flags.skipTags, startAt: flags.startAtTask });
  const limit = flags.limit ? new Set(selectHosts(inventory, flags.limit)) : undefined;
  const hostsOf = (pattern: string): string[] => {
    try {
      return selectHosts(inventory, pattern).filter((h) => !limit || limit.has(h));
    } catch {
      return [];
    }
  };
  if (flags.syntaxCheck) process.stdout.write(`\nplaybook: ${playbook}\n`);
  if (flags.listHosts) process.stdout.write(listHosts(pb, hostsOf));
  if (flags.listTasks) process.stdout.write(listTasks(pb));
  if (flags.listTags) process.stdout.write(listTags(pb));
  return true;
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
    .option('-e, --extra-vars <vars>', 'k=v, JSON/YAML, or @file (repeatable; highest precedence)', parseExtraVars)
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
    .action(async (playbook: string, flags: RunFlags) => {
      if (!flags.inventory?.length) {
        throw new OptionsError('NO_INVENTORY', 'no inventory given', { hint: 'pass -i inventory/lab.yml (or start a simulated site with `winbook sim up`)' });
      }
      // Passwords are read (and prompted for) before anything else happens.
      const vaultSecrets = await loadVaultSecrets(vaultPasswordOptions(flags));
      if (await inspectOnly(playbook, flags, vaultSecrets)) return;
      const again = planAgain(playbook, flags);
      if (again?.nothing) return void process.stdout.write(again.nothing + '\n');
      const bus = new EventBus();
      const journal = openRunJournal(bus, playbook, flags, again);
      let groups: Record<string, string[]> = {};
      const reporters = attachReporters(bus, { json: flags.json, html: flags.html, groups: () => groups, verbose: flags.verbose });
      const junit = flags.junit ? attachJunitReporter(bus, flags.junit) : undefined;
      const interrupt = interruptSignal({ onForceExit: () => journal.abandon() });
      try {
        const summary = await run({
          playbook,
          inventory: flags.inventory,
          limit: again?.limit ?? flags.limit,
          resume: again?.resume,
          onPrepared: (pb, inv) => {
            groups = Object.fromEntries([...inv.hosts.values()].map((h) => [h.name, h.groups]));
            journal.onPrepared(pb);
          },
          forks: flags.forks,
          check: flags.check,
          diff: flags.diff,
          extraVars: flags.extraVars,
          vaultSecrets,
          select: { tags: flags.tags, skipTags: flags.skipTags, startAt: flags.startAtTask },
          forceHandlers: flags.forceHandlers,
          bus,
          signal: interrupt.signal,
        });
        setExit(summary.exitCode);
        process.stdout.write(nextSteps(summary, journal.path, playbook, flags.inventory));
      } finally {
        interrupt.dispose();
        await Promise.all([reporters.done(), junit?.done(), journal.done()]);
      }
    });
}
