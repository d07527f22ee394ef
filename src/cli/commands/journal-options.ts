/** The run journal's options (--rerun, --resume, --no-journal); src/cli/run-journal.ts acts on them. */
import type { Command } from 'commander';
import { RERUN_MODES } from '../../journal/rerun-modes.ts';

export interface JournalFlags {
  rerun?: string;
  resume?: boolean;
  journal?: boolean;
  limit?: string;
  check?: boolean;
}

export function addJournalOptions(cmd: Command): Command {
  return cmd
    .option('--rerun <which>', `run again the hosts of the last run of this playbook that: ${RERUN_MODES.join('|')} (failed includes unreachable and cut-short hosts)`)
    .option('--resume', 'with --rerun (default failed): each host continues from the task it stopped at, with its registered values and pending handlers')
    .option('--no-journal', 'do not write a run journal under .winbook/runs');
}
