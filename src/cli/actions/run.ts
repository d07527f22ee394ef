/** `winbook run`'s work, loaded when the command runs (src/cli/commands/run.ts defines its options). */
import { EventBus } from '../../engine/events.ts';
import { prepareRun, run, selectOrThrow } from '../../index.ts';
import { selectHosts } from '../../inventory/index.ts';
import { listHosts, listTags, listTasks } from '../../playbook/listing.ts';
import { attachReporters, wantsLiveDisplay } from '../reporters.ts';
import { parseAllExtraVars } from '../extra-vars.ts';
import { OptionsError } from '../../errors.ts';
import { interruptSignal } from '../interrupt.ts';
import { vaultPasswordOptions } from '../vault-flags.ts';
import { loadVaultSecrets } from '../../vault/index.ts';
import { nextSteps, openRunJournal, planAgain } from '../run-journal.ts';
import { attachJunitReporter } from '../../report/junit-reporter.ts';
import type { RunFlags } from '../commands/run.ts';
import { checkOutputPaths, finishOutputs, runOutputs } from '../output-paths.ts';

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

export async function runPlaybook(playbook: string, flags: RunFlags, setExit: (code: number) => void): Promise<void> {
  const extraVars = parseAllExtraVars(flags.extraVars);
  if (!flags.inventory?.length) {
    throw new OptionsError('NO_INVENTORY', 'no inventory given', { hint: 'pass -i inventory/lab.yml (or start a simulated site with `winbook sim up`)' });
  }
  // Report files never overwrite an input, never go through a link, and their folder must be writable (exit 5).
  const outputs = runOutputs(flags);
  const inputs = { playbook, inventory: flags.inventory, extraVars: flags.extraVars, files: [] as string[] };
  checkOutputPaths(outputs, inputs);
  // Passwords are read (and prompted for) before anything else happens.
  const vaultSecrets = await loadVaultSecrets(vaultPasswordOptions(flags));
  if (await inspectOnly(playbook, flags, vaultSecrets)) return;
  const again = planAgain(playbook, flags);
  if (again?.nothing) return void process.stdout.write(again.nothing + '\n');
  const bus = new EventBus();
  const journal = openRunJournal(bus, playbook, flags, again);
  let groups: Record<string, string[]> = {};
  const interrupt = interruptSignal({ onForceExit: () => journal.abandon(), quiet: wantsLiveDisplay() });
  const reporters = await attachReporters(bus, { json: flags.json, html: flags.html, groups: () => groups, verbose: flags.verbose, signal: interrupt.signal });
  const junit = flags.junit ? attachJunitReporter(bus, flags.junit) : undefined;
  let refused = false;
  let code: number | undefined;
  try {
    const summary = await run({
      playbook,
      inventory: flags.inventory,
      limit: again?.limit ?? flags.limit,
      resume: again?.resume,
      onFileRead: (file) => void inputs.files.push(file),
      onPrepared: (pb, inv) => {
        refused = true;
        checkOutputPaths(outputs, inputs); // now with the vars_files, roles and imports the playbook read
        refused = false;
        groups = Object.fromEntries([...inv.hosts.values()].map((h) => [h.name, h.groups]));
        journal.onPrepared(pb);
      },
      forks: flags.forks,
      check: flags.check,
      diff: flags.diff,
      extraVars,
      vaultSecrets,
      select: { tags: flags.tags, skipTags: flags.skipTags, startAt: flags.startAtTask },
      forceHandlers: flags.forceHandlers,
      verbosity: flags.verbose,
      bus,
      signal: interrupt.signal,
    });
    code = summary.exitCode;
    setExit(code);
    process.stdout.write(nextSteps(summary, journal.path, process.argv.slice(2), { script: process.argv[1] ?? 'winbook', env: process.env, cwd: process.cwd() }));
  } finally {
    interrupt.dispose();
    // A report that cannot be written is exit 1 naming it (not a stack trace), and the journal's end agrees.
    const final = await finishOutputs([reporters, junit], outputs, code, { refused });
    if (final !== undefined && final !== code) setExit(final);
    await journal.done(final, final !== code ? 'a report file could not be written' : undefined);
  }
}
