/**
 * A module is one definition: its names, a zod schema for its arguments (which also drives `winbook doc`),
 * which arguments are secret, check/diff support, and how it runs — a PowerShell script run by the agent,
 * a command line straight into the remote shell (`raw`), or a controller-side action.
 */
import type { z } from 'zod';

/** A module's result, in Ansible's shape. Module-specific fields ride alongside. */
export interface ModuleResult {
  changed?: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  rc?: number;
  stdout?: string;
  stderr?: string;
  stdout_lines?: string[];
  stderr_lines?: string[];
  diff?: { before?: unknown; after?: unknown };
  [key: string]: unknown;
}

/** What a module's `prepare` hands to the agent. */
export interface PreparedCall {
  args: unknown;
  upload?: Buffer;
  /**
   * The next request while the module answers `_winbook_upload: 'needed'` (agent/protocol.ts): the arguments that
   * carry what it asked for, and bytes to stage first (their key goes in `_staged`) — win_copy's folder copy sends
   * only the files whose checksum differs.
   */
  followUp?: (answer: ModuleResult) => { args: unknown; upload?: { data: Buffer; sha256: string } };
}

export type ModuleKind = 'agent' | 'raw' | 'controller';

export interface ControllerContext {
  host: string;
  check: boolean;
  diff: boolean;
  vars: Record<string, unknown>;
  /** The host's connection, for controller modules that drive it (win_reboot); absent where there is none. */
  remote?: RemoteHost;
  /** Aborted on Ctrl-C: a module that waits (pause) stops waiting. */
  signal?: AbortSignal;
  /** What the playbook loader read for this task (include_vars' files), as written. */
  preloaded?: unknown;
  /** Decrypts a vault-encrypted file with the run's vault secrets; absent when the run has none. */
  decryptFile?: (text: string, file: string) => Buffer;
  /** The task's search path (Task.get_search_path, playbook/search-path.ts); absent: the playbook's folder alone. */
  searchPath?: string[];
  /** How many -v the run was given (Ansible's display.verbosity); absent: 0. */
  verbosity?: number;
  /** What an action plugin reads off its task: the action as written and `ignore_errors` (win_reboot's unreachable host). */
  task?: { action: string; ignoreErrors: boolean };
  /** Prints a [WARNING] about the task (once per run, whatever the hosts, tasks and items). */
  warn?: (message: string) => void;
}

/** What a controller-side module may do with its host's connection. */
export interface RemoteHost {
  /** Runs an agent module (opening the transport and agent when needed). */
  invoke(def: ModuleDef, args: unknown, opts: { check: boolean; diff: boolean }): Promise<ModuleResult>;
  /** Runs a command line in the remote shell. */
  exec(command: string): Promise<{ rc: number; stdout: string; stderr: string }>;
  /** Closes the connection and agent without failing; the next use opens new ones (after a reboot). */
  reconnect(): Promise<void>;
}

export interface FollowThrough<A> {
  applies: (args: A) => boolean;
  /** Gets the agent's first result; `ctx.remote` runs the module again or drives the host. */
  run: (first: ModuleResult, args: A, ctx: ControllerContext) => Promise<ModuleResult>;
  /** The action plugin's words when the task is async. */
  asyncMsg: string;
}

/** One `deprecations` entry of a result, as Ansible.Basic's Deprecate records it and Display.deprecated takes it. */
export interface Deprecation {
  msg: string;
  date?: string;
  version?: string;
  collection_name?: string | null;
}

export interface ModuleDef<S extends z.ZodType = z.ZodType> {
  /** Short name, e.g. `win_service`. */
  name: string;
  /** Other accepted names, e.g. `ansible.windows.win_service`. */
  aliases: string[];
  /** One-line description for `winbook doc` and docs/modules. */
  description: string;
  /** Validates and types the arguments; unknown keys are rejected. */
  schema: S;
  /** Argument names whose values are redacted everywhere. */
  secretArgs: string[];
  /** Whether ansible.windows 1.14's module supports check mode; without, a check-mode run skips it (modules/check-mode.ts). */
  supportsCheck: boolean;
  /**
   * `legacy` when the 1.14 module reads its arguments with Parse-Args (Ansible.ModuleUtils.Legacy) rather than
   * Ansible.Basic: its check-mode skip then names no module.
   */
  argsReader?: 'legacy';
  supportsDiff: boolean;
  kind: ModuleKind;
  /**
   * Free-form modules (`raw`, `win_shell`, `win_command`) take the whole `k=v`-less argument string as `_raw_params`.
   */
  freeForm?: boolean;
  /** PowerShell 5.1 source (kind 'agent'): the body of a scriptblock `param($ModuleArgs, $CheckMode, $DiffMode)`. */
  script?: string;
  /** Controller-side implementation (kind 'controller'). */
  run?: (args: z.infer<S>, ctx: ControllerContext) => Promise<ModuleResult>;
  /**
   * Controller-side step before an agent module runs (what Ansible's action plugins do): read a local `src`,
   * render a template. Returns the agent's arguments plus any bytes the module may need staged on the host
   * (sent only if it asks; docs/agent.md "Uploads"), or a finished result such as a missing `src`.
   */
  prepare?: (args: z.infer<S>, ctx: ControllerContext) => Promise<PreparedCall | { result: ModuleResult }>;
  /**
   * Controller-side steps after the agent answered, for the arguments `applies` accepts (what an action plugin does
   * around its _execute_module calls: win_updates' reboot-and-search-again loop). Such a task cannot be async.
   */
  followThrough?: FollowThrough<z.infer<S>>;
  /**
   * Options (or aliases) ansible.windows 1.14 deprecates when a task writes them (Ansible.Basic's deprecated_aliases,
   * an action plugin's display.deprecated): the engine adds each one written to the result's `deprecations`.
   */
  deprecatedOptions?: Record<string, Deprecation>;
  /**
   * Warnings the module's action gives about its arguments as the task wrote them, before templating (assert's
   * templated `that` items); the engine prints them once per task and host, as Ansible's worker does.
   */
  writtenWarnings?: (written: Record<string, unknown>) => string[];
  /** Examples (YAML task snippets) for `winbook doc`. */
  examples?: string;
}
