/** Test helpers: a fresh host and a way to run a command line to completion through the launcher. */
import type { ProcessContext } from '../../../../src/sim/process.ts';
import { SimHost } from '../../../../src/sim/host/host.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';

export const ctx: ProcessContext = { codepage: 437, env: {}, cwd: 'C:\\Users\\Administrator', user: 'Administrator' };

export function newHost(): SimHost {
  return new SimHost({ name: 'win01', log: new RehearsalLog(), adminPassword: 'S3cret!' });
}

export function run(host: SimHost, line: string, skipCmdShell = false): { stdout: string; stderr: string; rc: number } {
  const p = host.start(line, ctx, skipCmdShell);
  const d = p.drain();
  if (!d.exited) throw new Error(`'${line}' did not exit`);
  return { stdout: d.stdout.toString('latin1'), stderr: d.stderr.toString('latin1'), rc: d.rc };
}

/** The same for a process that takes time (a PowerShell script in the pwsh worker): waits for its exit. */
export async function runToEnd(host: SimHost, line: string, skipCmdShell = false): Promise<{ stdout: string; stderr: string; rc: number }> {
  const p = host.start(line, ctx, skipCmdShell);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (;;) {
    const d = p.drain();
    out.push(d.stdout);
    err.push(d.stderr);
    if (d.exited) return { stdout: Buffer.concat(out).toString('latin1'), stderr: Buffer.concat(err).toString('latin1'), rc: d.rc };
    await p.waitForOutput(30_000);
  }
}
