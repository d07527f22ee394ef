/** `winbook report RUN_ID --html FILE` — the timeline page of a journaled run. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { OptionsError } from '../../errors.ts';
import { listRuns, readJournal, runsDir } from '../../journal/index.ts';
import { JOURNAL_FILE } from '../../journal/paths.ts';
import { journalEvents } from '../../report/html/from-journal.ts';
import { writeHtmlReport } from '../../report/html/html-reporter.ts';
import { didYouMean } from '../../util/did-you-mean.ts';

export function registerReport(program: Command, _setExit: (code: number) => void): void {
  program
    .command('report')
    .description('write the HTML timeline of a journaled run (see `winbook runs list`)')
    .argument('<id>', 'run id, a unique prefix of one, or `last`')
    .requiredOption('--html <file>', 'where to write the self-contained HTML page')
    .action(async (id: string, flags: { html: string }) => {
      const all = listRuns(runsDir());
      const matches = id === 'last' ? all.slice(0, 1) : all.filter((r) => r.id === id || r.id.startsWith(id));
      const found = matches.length === 1 ? matches[0] : all.find((r) => r.id === id);
      if (!found) {
        throw new OptionsError('UNKNOWN_RUN', `no run '${id}' under ${runsDir()}${didYouMean(id, all.map((r) => r.id))}`, { hint: '`winbook runs list` shows the run ids' });
      }
      const records = readJournal(join(runsDir(), found.id, JOURNAL_FILE));
      await writeHtmlReport(flags.html, journalEvents(records), { title: `winbook run ${found.playbook} (${found.id})` });
      process.stdout.write(`wrote ${flags.html}\n`);
    });
}
