/**
 * The journal side of `winbook run`: --rerun / --resume pick hosts (and resume points) from the last journaled run
 * of the playbook, every run writes `.winbook/runs/<id>/journal.jsonl` once its input is valid, and a run that
 * did not end well says how to continue.
 */
import { join, relative, resolve } from 'node:path';
import type { RunSummary } from '../engine/options.ts';
import type { EventBus } from '../engine/events.ts';
import { OptionsError } from '../errors.ts';
import { attachJournal, lastRunOf, makeRunDir, newRunId, planOf, RERUN_MODES, rerunHosts, resumePlan, runsDir, JOURNAL_FILE } from '../journal/index.ts';
import type { Journal, RerunMode, ResumePoint } from '../journal/index.ts';
import type { Playbook } from '../playbook/types.ts';
import type { JournalFlags } from './commands/journal-options.ts';
import { REDACTED, redactArgv } from './redact-argv.ts';
import { againCommand } from './again-command.ts';
import type { Invocation } from './again-command.ts';

export interface Again {
  limit?: string;
  resume?: Record<string, ResumePoint>;
  of?: string;
  /** Nothing to run again: the message to print. */
  nothing?: string;
}

/** The limit and resume points for --rerun / --resume; undefined for an ordinary run. */
export function planAgain(playbook: string, flags: JournalFlags): Again | undefined {
  if (flags.rerun === undefined && !flags.resume) return undefined;
  const mode = (flags.rerun ?? 'failed') as RerunMode;
  if (!RERUN_MODES.includes(mode)) {
    throw new OptionsError('BAD_RERUN', `--rerun ${flags.rerun}: expected one of ${RERUN_MODES.join(', ')}`, { hint: 'e.g. --rerun failed' });
  }
  const last = lastRunOf(runsDir(), playbook);
  if (!last) {
    throw new OptionsError('NO_PREVIOUS_RUN', `no journaled run of ${playbook} under ${runsDir()}`, {
      hint: 'run it once without --rerun/--resume first (from the same directory), or check WINBOOK_RUNS_DIR',
    });
  }
  const hosts = rerunHosts(last, mode);
  if (hosts.length === 0) return { of: last.id, nothing: `Nothing to run again: no host ${mode === 'all' ? 'ran' : `was ${mode}`} in run ${last.id}.` };
  const names = hosts.map((h) => h.host).join(':');
  return {
    of: last.id,
    limit: flags.limit ? `${names}:&${flags.limit}` : names,
    ...(flags.resume ? { resume: resumePlan(hosts) } : {}),
  };
}

export interface RunJournal {
  onPrepared(pb: Playbook): void;
  abandon(): void;
  /** `exitCode`: the process's final code when a report file could not be written after the run. */
  done(exitCode?: number, message?: string): Promise<void>;
  readonly path: string | undefined;
}

export function openRunJournal(bus: EventBus, playbook: string, flags: JournalFlags, again: Again | undefined): RunJournal {
  let journal: Journal | undefined;
  return {
    onPrepared(pb) {
      if (flags.journal === false) return;
      const id = newRunId();
      const dir = makeRunDir(runsDir(), id);
      journal = attachJournal(bus, join(dir, JOURNAL_FILE), {
        id,
        playbook: resolve(playbook),
        cwd: process.cwd(),
        argv: redactArgv(process.argv.slice(2)), // -e values redacted: src/cli/redact-argv.ts
        ...(again?.limit ?? flags.limit ? { limit: again?.limit ?? flags.limit } : {}),
        check: Boolean(flags.check),
        ...(again?.of && again.resume ? { resumeOf: again.of, resume: again.resume } : {}),
      }, planOf(pb));
    },
    abandon: () => journal?.abandon(),
    done: async (exitCode, message) => journal?.done(exitCode, message),
    get path() {
      return journal?.path;
    },
  };
}

/**
 * After a run that failed, left hosts unreachable or was interrupted: where the journal is and what to type next —
 * the command as it was typed (src/cli/again-command.ts). `-e @file` options are repeated; other -e values are
 * not printed (`<redacted>` in their place) and the hint says to pass them again.
 */
export function nextSteps(summary: RunSummary, journalPath: string | undefined, args: string[], inv: Invocation): string {
  if (summary.exitCode === 0 || !journalPath) return '';
  const resume = againCommand(args, 'resume', inv);
  return [
    '',
    `Journal: ${relative(process.cwd(), journalPath) || journalPath}`,
    `To continue each host from the task it stopped at: ${resume}`,
    `To run those hosts again from the start:          ${againCommand(args, 'rerun', inv)}`,
    ...(resume.includes(REDACTED) ? ['(pass the same -e values again in place of <redacted>)'] : []),
    '',
  ].join('\n');
}
