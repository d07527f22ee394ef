/** `winbook report`'s work (src/cli/commands/report.ts defines it). */
import { join } from 'node:path';
import { OptionsError } from '../../errors.ts';
import { listRuns, readJournal, runsDir } from '../../journal/index.ts';
import { JOURNAL_FILE } from '../../journal/paths.ts';
import { journalEvents } from '../../report/html/from-journal.ts';
import { writeHtmlReport } from '../../report/html/html-reporter.ts';
import { didYouMean } from '../../util/did-you-mean.ts';
import { checkOutputPaths, outputWriteError } from '../output-paths.ts';

export async function writeRunReport(id: string, flags: { html: string }): Promise<void> {
  const all = listRuns(runsDir());
  const matches = id === 'last' ? all.slice(0, 1) : all.filter((r) => r.id === id || r.id.startsWith(id));
  const found = matches.length === 1 ? matches[0] : all.find((r) => r.id === id);
  if (!found) {
    throw new OptionsError('UNKNOWN_RUN', `no run '${id}' under ${runsDir()}${didYouMean(id, all.map((r) => r.id))}`, { hint: '`winbook runs list` shows the run ids' });
  }
  const journalFile = join(runsDir(), found.id, JOURNAL_FILE);
  const outputs = [{ flag: '--html', path: flags.html }];
  checkOutputPaths(outputs, { playbook: found.playbook, files: [journalFile] }); // exit 5: never over an input or through a link
  const records = readJournal(journalFile);
  await writeHtmlReport(flags.html, journalEvents(records), { title: `winbook run ${found.playbook} (${found.id})` }).catch((e: unknown) => {
    throw outputWriteError(e, outputs); // exit 1 naming the file, not a stack trace
  });
  process.stdout.write(`wrote ${flags.html}\n`);
}
