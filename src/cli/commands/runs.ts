/** `winbook runs list` / `winbook runs show ID` — what the run journals under .winbook/runs say. */
import type { Command } from 'commander';

const actions = () => import('../actions/runs.ts');

export function registerRuns(program: Command, _setExit: (code: number) => void): void {
  const runs = program.command('runs').description('list journaled runs, or show where each host of one stopped');
  runs
    .command('list')
    .description('every journaled run, newest first')
    .action(async () => (await actions()).listRunsCommand());
  runs
    .command('show')
    .description('one run: its status and, per host, the task it stopped at')
    .argument('<id>', 'run id (from `winbook runs list`), or a unique prefix, or `last`')
    .action(async (id: string) => (await actions()).showRunCommand(id));
}
