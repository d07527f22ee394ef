/** `winbook report RUN_ID --html FILE` — the timeline page of a journaled run. */
import type { Command } from 'commander';

export function registerReport(program: Command, _setExit: (code: number) => void): void {
  program
    .command('report')
    .description('write the HTML timeline of a journaled run (see `winbook runs list`)')
    .argument('<id>', 'run id, a unique prefix of one, or `last`')
    .requiredOption('--html <file>', 'where to write the self-contained HTML page')
    .action(async (id: string, flags: { html: string }) => (await import('../actions/report.ts')).writeRunReport(id, flags));
}
