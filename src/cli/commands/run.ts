/** `winbook run PLAYBOOK -i INVENTORY` — ansible-playbook's everyday options. */
import type { Command } from 'commander';
import { EventBus } from '../../engine/events.ts';
import { run } from '../../index.ts';
import { attachReporters } from '../reporters.ts';
import { collect, parseExtraVars, parseIntOption } from '../options.ts';
import { OptionsError } from '../../errors.ts';
import { interruptSignal } from '../interrupt.ts';

interface RunFlags {
  inventory?: string[];
  limit?: string;
  forks: number;
  check?: boolean;
  diff?: boolean;
  extraVars?: Record<string, unknown>;
  json?: string;
  verbose: number;
}

export function registerRun(program: Command, setExit: (code: number) => void): void {
  program
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
    .option('-v, --verbose', 'more output (repeat for more)', (_v: string, prev: number) => prev + 1, 0)
    .action(async (playbook: string, flags: RunFlags) => {
      if (!flags.inventory?.length) {
        throw new OptionsError('NO_INVENTORY', 'no inventory given', { hint: 'pass -i inventory/lab.yml (or start a simulated site with `winbook sim up`)' });
      }
      const bus = new EventBus();
      const reporters = attachReporters(bus, { json: flags.json, verbose: flags.verbose });
      const interrupt = interruptSignal();
      try {
        const summary = await run({
          playbook,
          inventory: flags.inventory,
          limit: flags.limit,
          forks: flags.forks,
          check: flags.check,
          diff: flags.diff,
          extraVars: flags.extraVars,
          bus,
          signal: interrupt.signal,
        });
        setExit(summary.exitCode);
      } finally {
        interrupt.dispose();
        await reporters.done();
      }
    });
}
