/** What a caller hands the engine for one run, and what it gets back. */
import type { Transport } from '../transport/types.ts';
import type { HostStats } from './events.ts';
import type { ResumePoint } from './resume-gate.ts';

export interface EngineOptions {
  /** Hosts that run a task at the same time. */
  forks: number;
  check: boolean;
  diff: boolean;
  /** `-e` variables: the highest precedence, always win. */
  extraVars: Record<string, unknown>;
  /** `--limit` pattern, intersected with each play's hosts. */
  limit?: string;
  /** Builds (does not open) the transport for a host from its resolved variables. */
  connect: (host: string, vars: Record<string, unknown>) => Transport;
  /** --force-handlers: run notified handlers on hosts that failed afterwards (a play's force_handlers wins). */
  forceHandlers?: boolean;
  /** How many -v were given (Ansible's display.verbosity): debug's `verbosity` threshold compares with it. */
  verbosity?: number;
  /** Decrypts a vault-encrypted controller file (win_copy/win_template src), as Ansible's action plugins do. */
  decryptFile?: (text: string, file: string) => Buffer;
  /** Extra known secret values (vault contents, prompted passwords) to redact. */
  secrets?: string[];
  /** Aborting stops scheduling new work; the run ends with exit code 99. */
  signal?: AbortSignal;
  /** --resume: per host, where to start and the registered values and pending handlers to restore. */
  resume?: Record<string, ResumePoint>;
  /** How to wait for loop pauses and retry delays (tests inject an instant one). */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for event timestamps (tests inject one). */
  now?: () => number;
}

export interface RunSummary {
  stats: Record<string, HostStats>;
  exitCode: number;
  unreachable: string[];
  failed: string[];
}
