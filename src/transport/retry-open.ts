/**
 * Connection-level retries: opening a host's transport is retried with exponential backoff
 * when the network failed (refused, reset, timeout, an HTTP 5xx without a WS-Man fault), a bounded number of times. Authentication errors
 * are never retried (retries lock accounts), nor are configuration errors a retry cannot fix (DNS, TLS). Only
 * `open()` is retried: it has no side effect on the host, whereas re-sending a command could run it twice.
 *
 * Settings (host variables, as Ansible's psrp plugin names them):
 *   ansible_winrm_reconnection_retries  (default 2)    attempts after the first
 *   ansible_winrm_reconnection_backoff  (default 0.5)  seconds before the first retry, doubled each time
 */
import { AuthenticationError, ConnectionError, RemoteError } from '../errors.ts';
import type { WinbookError } from '../errors.ts';
import type { Transport } from './types.ts';

export interface RetryPolicy {
  retries: number;
  backoffMs: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each retry (the CLI prints it as a warning at -v). */
  onRetry?: (attempt: number, error: WinbookError, delayMs: number) => void;
}

export const DEFAULT_RETRIES = 2;
export const DEFAULT_BACKOFF_SEC = 0.5;
const NOT_RETRIED = new Set(['WINRM_DNS', 'WINRM_CERT_UNTRUSTED', 'WINRM_TLS_MISMATCH', 'SSH_HOST_KEY_UNKNOWN', 'SSH_HOST_KEY_CHANGED']);

export function isRetryable(e: unknown): e is WinbookError {
  if (e instanceof RemoteError) return e.code === 'WINRM_HTTP_STATUS' && /\bHTTP 5\d\d\b/.test(e.message);
  return e instanceof ConnectionError && !(e instanceof AuthenticationError) && !NOT_RETRIED.has(e.code);
}

/** The policy from a host's variables; bad values fall back to the defaults rather than failing the run. */
export function retryPolicyFrom(vars: Record<string, unknown>): RetryPolicy {
  const retries = Number(vars.ansible_winrm_reconnection_retries ?? DEFAULT_RETRIES);
  const backoff = Number(vars.ansible_winrm_reconnection_backoff ?? DEFAULT_BACKOFF_SEC);
  return {
    retries: Number.isInteger(retries) && retries >= 0 ? retries : DEFAULT_RETRIES,
    backoffMs: Number.isFinite(backoff) && backoff >= 0 ? backoff * 1000 : DEFAULT_BACKOFF_SEC * 1000,
  };
}

/** Wraps a transport so that open() retries; every other call passes straight through. */
export function withOpenRetries(t: Transport, policy: RetryPolicy): Transport {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    get host() {
      return t.host;
    },
    open: async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await t.open();
        } catch (e) {
          if (!isRetryable(e) || attempt >= policy.retries) throw e;
          const delay = policy.backoffMs * 2 ** attempt;
          policy.onRetry?.(attempt + 1, e, delay);
          await sleep(delay);
        }
      }
    },
    // raw's shell must come through: without it a WinRM raw line would go to WinRS unwrapped (cmd.exe).
    ...(t.rawShell ? { rawShell: t.rawShell } : {}),
    exec: (cmd, opts) => t.exec(cmd, opts),
    spawn: (cmd) => t.spawn(cmd),
    upload: (path, data) => t.upload(path, data),
    ...(t.stageUpload ? { stageUpload: t.stageUpload.bind(t) } : {}),
    close: () => t.close(),
    stats: () => t.stats(),
  };
}
