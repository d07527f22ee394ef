/**
 * Native programs called from a user's PowerShell script on a simulated host (user-script.ps1 routes them here):
 * found as CreateProcess finds them (programs/index.ts findProgram) and run on the host model with the script's
 * account, their output handed back as text decoded in the code page the program wrote, as PowerShell decodes a
 * native command's output with the console's encoding.
 */
import { decodeCodepage } from '../host/codepage.ts';
import { findProgram, startProgram } from '../host/programs/index.ts';
import type { FsActor } from '../host/fs.ts';
import type { HostState } from '../host/state.ts';
import { WindowsError } from '../host/windows-error.ts';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const text = (s: unknown) => Buffer.from(String(s ?? ''), 'base64').toString('utf8');

/** The program's full path for a command name, base64 (empty when the host has no such program). */
export function findNative(state: HostState, account: string, args: Record<string, unknown>): string {
  return b64(findProgram(state, text(args.name), account) ?? '');
}

export interface NativeResult {
  rc?: number;
  out?: string;
  err?: string;
  /** CreateProcess refused (a file that is no program the simulator knows): Windows' message. */
  failed?: string;
  name?: string;
}

/** Runs the program to its end; stdin is what the pipeline gave it. */
export async function runNative(state: HostState, actor: FsActor, args: Record<string, unknown>): Promise<NativeResult> {
  const path = text(args.path);
  let child;
  try {
    child = startProgram(state, { path, args: text(args.args), actor });
  } catch (e) {
    if (!(e instanceof WindowsError)) throw e;
    return { failed: e.message, name: path.split('\\').pop() ?? path };
  }
  const stdin = text(args.stdin);
  child.process.write(Buffer.from(stdin, 'latin1'), true);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (;;) {
    const d = child.process.drain();
    out.push(d.stdout);
    err.push(d.stderr);
    if (d.exited) {
      // A program that runs for a while (a script's Start-Sleep) returns when it would have exited.
      const seconds = child.seconds ?? 0;
      if (seconds > 0) await new Promise((r) => setTimeout(r, seconds * 1000));
      // startProgram's processes write in the OEM code page 437, as console programs do on an en-US host.
      return { rc: d.rc, out: b64(decodeCodepage(Buffer.concat(out), 437)), err: b64(decodeCodepage(Buffer.concat(err), 437)) };
    }
    await child.process.waitForOutput(60_000);
  }
}
