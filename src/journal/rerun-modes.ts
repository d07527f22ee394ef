/** What `--rerun` accepts; its own module so `--help` can list them without loading the journal reader. */
export const RERUN_MODES = ['failed', 'unreachable', 'all'] as const;
export type RerunMode = (typeof RERUN_MODES)[number];
