/** `winbook runs list|show`'s work (src/cli/commands/runs.ts defines them). */
import { OptionsError } from '../../errors.ts';
import { listRuns, runsDir } from '../../journal/index.ts';
import type { HostOutcome, RunView } from '../../journal/index.ts';
import { didYouMean } from '../../util/did-you-mean.ts';

export function listRunsCommand(): void {
  const all = listRuns(runsDir());
  if (all.length === 0) return void process.stdout.write(`No runs journaled under ${runsDir()}\n`);
  for (const r of all) process.stdout.write(listLine(r) + '\n');
}

export function showRunCommand(id: string): void {
  const all = listRuns(runsDir());
  const run = id === 'last' ? all[0] : (all.find((r) => r.id === id) ?? uniquePrefix(all, id));
  if (!run) {
    throw new OptionsError('UNKNOWN_RUN', `no run '${id}' under ${runsDir()}${didYouMean(id, all.map((r) => r.id))}`, { hint: '`winbook runs list` shows the run ids' });
  }
  process.stdout.write(showRun(run));
}

function uniquePrefix(all: RunView[], id: string): RunView | undefined {
  const m = all.filter((r) => r.id.startsWith(id));
  return m.length === 1 ? m[0] : undefined;
}

// The journal's words (docs/reliability.md), but for a run with no end record, which may also be still running.
const STATUS_WORD = { running: 'unfinished', completed: 'completed', interrupted: 'interrupted', killed: 'killed' } as const;

export function listLine(r: RunView): string {
  const count = (end: string) => r.hosts.filter((h) => h.end === end).length;
  // Hosts, not tasks: `ok=N` would read as the recap's count of ok tasks.
  const hosts = `hosts: ${count('ok')} ok, ${count('failed')} failed, ${count('unreachable')} unreachable, ${count('incomplete')} incomplete`;
  const exit = r.exitCode === undefined ? '-' : String(r.exitCode);
  return `${r.id}  ${STATUS_WORD[r.status].padEnd(11)}  exit=${exit.padEnd(3)}  ${hosts}  ${r.playbook}`;
}

export function showRun(r: RunView): string {
  const lines = [
    `run:      ${r.id}`,
    `playbook: ${r.playbook}`,
    `started:  ${new Date(r.startedAt).toISOString()}`,
    `status:   ${STATUS_WORD[r.status]}${r.exitCode === undefined ? '' : ` (exit ${r.exitCode})`}`,
    ...(r.limit ? [`limit:    ${r.limit}`] : []),
    '',
    ...r.hosts.map(hostLine),
  ];
  return lines.join('\n') + '\n';
}

function hostLine(h: HostOutcome): string {
  const at = h.at ? ` at task '${h.at.name}' (${h.at.id})` : '';
  const msg = h.message ? `: ${h.message.split('\n')[0]}` : '';
  const pending = h.resume?.pending.length ? `  pending handlers: ${h.resume.pending.join(', ')}` : '';
  return `${h.host.padEnd(20)} ${h.end}${at}${msg}${pending}`;
}
