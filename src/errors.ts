/**
 * Every error winbook shows a user is a WinbookError: a stable `code`, where it applies the host, task and the
 * source position, and a `hint` naming the likely fix. Low-level errors are wrapped once, at the boundary
 * where we know what was being done. The full list of codes lives in docs/errors.md.
 */

/** Exit codes, ansible-playbook's where unambiguous, plus 3 for invalid input (see README). */
export const ExitCode = {
  OK: 0,
  ERROR: 1,
  HOST_FAILED: 2,
  INVALID_INPUT: 3,
  HOST_UNREACHABLE: 4,
  BAD_OPTIONS: 5,
  INTERRUPTED: 99,
  INTERNAL: 250,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface SourcePos {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
}

export interface WinbookErrorOptions {
  host?: string;
  task?: string;
  hint?: string;
  pos?: SourcePos;
  cause?: unknown;
}

export class WinbookError extends Error {
  readonly code: string;
  readonly host?: string;
  readonly task?: string;
  readonly hint?: string;
  readonly pos?: SourcePos;
  /** The process exit code this error maps to when it ends a run. */
  readonly exitCode: ExitCodeValue = ExitCode.ERROR;

  constructor(code: string, message: string, opts: WinbookErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.host = opts.host;
    this.task = opts.task;
    this.hint = opts.hint;
    this.pos = opts.pos;
  }

  /**
   * "file:line:col: [host] message" and the hint on the next line — the form every reporter shows. Inside a
   * per-host result the host is already named, so `withHost: false` leaves it out.
   */
  describe(opts: { withHost?: boolean } = {}): string {
    const where = this.pos ? `${this.pos.file}:${this.pos.line}:${this.pos.col}: ` : '';
    const who = this.host && opts.withHost !== false && !this.message.includes(this.host) ? `[${this.host}] ` : '';
    const hint = this.hint ? `\n  hint: ${this.hint}` : '';
    return `${where}${who}${this.message}${hint}`;
  }
}

/** Invalid playbook, inventory, vault or template input, found before any host is touched (exit 3). */
export class InputError extends WinbookError {
  override readonly exitCode = ExitCode.INVALID_INPUT;
}

/** Bad command-line options (exit 5). */
export class OptionsError extends WinbookError {
  override readonly exitCode = ExitCode.BAD_OPTIONS;
}

/** A template could not be rendered: undefined variable, syntax error (fails the task, or exit 3 at load). */
export class TemplateError extends WinbookError {}

/**
 * A lookup plugin's own failure, raised in ansible-core as AnsibleLookupError, which Templar._lookup re-raises
 * unwrapped: the task's msg is its text alone ("No file was found when using first_found."), with no position,
 * hint or task name added.
 */
export class LookupError extends TemplateError {}

/**
 * The host could not be reached or the connection broke: refused, DNS, timeout, reset, TLS, authentication.
 * The engine marks the host unreachable (not failed) when a task ends with one of these.
 */
export class ConnectionError extends WinbookError {
  override readonly exitCode = ExitCode.HOST_UNREACHABLE;
}

/** Authentication was refused (HTTP 401). Never retried: retries could lock the account. */
export class AuthenticationError extends ConnectionError {}

/** The remote side answered but the operation failed (a WS-Man fault, an agent protocol error). Fails the task. */
export class RemoteError extends WinbookError {}

export function isWinbookError(e: unknown): e is WinbookError {
  return e instanceof WinbookError;
}

/** Message of any thrown value, for wrapping. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
