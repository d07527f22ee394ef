/**
 * Receive long-poll (reference §4.4): block until output, exit or OperationTimeout, then send what fits the
 * client's MaxEnvelopeSize after base64, keeping the rest for the next Receive.
 */
import type { SimCommand } from './shell-table.ts';

/** MaxTimeoutms (reference §6): OperationTimeout is capped at 60 s. */
export const MAX_TIMEOUT_MS = 60_000;

export interface ReceiveChunk {
  stdout: Buffer;
  stderr: Buffer;
  done: boolean;
  exitCode?: number;
}

/** Resolves undefined on timeout (the caller answers w:TimedOut) or when the client went away. */
export async function pollOutput(
  cmd: SimCommand,
  operationTimeoutMs: number,
  maxEnvelopeSize: number,
  abort: AbortSignal,
): Promise<ReceiveChunk | undefined> {
  const hasCarry = () => cmd.carry.stdout.length > 0 || cmd.carry.stderr.length > 0;
  if (!hasCarry()) await cmd.process.waitForOutput(Math.min(operationTimeoutMs, MAX_TIMEOUT_MS), abort);
  if (abort.aborted) return undefined;
  let exited = false;
  let rc = 0;
  if (cmd.process.hasPending()) {
    const d = cmd.process.drain();
    cmd.carry.stdout = Buffer.concat([cmd.carry.stdout, d.stdout]);
    cmd.carry.stderr = Buffer.concat([cmd.carry.stderr, d.stderr]);
    exited = d.exited;
    rc = d.rc;
  }
  if (!exited && !hasCarry()) return undefined;
  const budget = rawBudget(maxEnvelopeSize);
  const stdout = take(cmd.carry, 'stdout', budget);
  const stderr = take(cmd.carry, 'stderr', budget - stdout.length);
  const done = exited && !hasCarry();
  return done ? { stdout, stderr, done, exitCode: rc } : { stdout, stderr, done };
}

/** Raw output bytes per reply: base64 inflates by 4/3, and 4 KiB covers the header and Stream markup. */
export function rawBudget(maxEnvelopeSize: number): number {
  return Math.max(1024, Math.floor(((maxEnvelopeSize - 4096) * 3) / 4) - 1024);
}

function take(carry: SimCommand['carry'], stream: 'stdout' | 'stderr', max: number): Buffer {
  const buf = carry[stream];
  const n = Math.max(0, Math.min(buf.length, max));
  carry[stream] = buf.subarray(n);
  return buf.subarray(0, n);
}
