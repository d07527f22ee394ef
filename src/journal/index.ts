/** The run journal: durable per-run records, and what --rerun / --resume and `winbook runs` read from them. */
export { attachJournal } from './recorder.ts';
export type { Journal, JournalMeta } from './recorder.ts';
export { planOf, taskId } from './plan.ts';
export { readJournal } from './reader.ts';
export { viewRun } from './outcome.ts';
export type { HostOutcome, RunView } from './outcome.ts';
export { listRuns, lastRunOf, rerunHosts, resumePlan, RERUN_MODES } from './select.ts';
export type { RerunMode } from './select.ts';
export { runsDir, newRunId, makeRunDir, JOURNAL_FILE } from './paths.ts';
export type { JournalRecord, ResumePoint } from './types.ts';
