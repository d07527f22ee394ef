/**
 * One exec request on a simulated host, as Windows OpenSSH runs it: the command line goes to the default shell
 * (`cmd.exe /c LINE`), channel data feeds the process' stdin, EOF closes it, and the process' output is pumped to
 * the channel until it exits; the exit status then closes the channel. A client closing the channel ends the
 * process, as sshd does when the session goes away.
 */
import type { ServerChannel } from 'ssh2';
import type { BufferedProcess, ProcessContext, ProcessLauncher } from '../process.ts';

/** How long one wait for output lasts before the pump looks again (and notices a closed channel). */
const PUMP_WAIT_MS = 1000;

export function runExec(channel: ServerChannel, commandLine: string, launcher: ProcessLauncher, ctx: ProcessContext): void {
  let proc: BufferedProcess;
  try {
    proc = launcher.start(commandLine, ctx, false);
  } catch (e) {
    // CreateProcess failed (win32 error): Windows OpenSSH reports it on stderr and exits 1.
    channel.stderr.write(`${e instanceof Error ? e.message : String(e)}\r\n`);
    channel.exit(1);
    channel.end();
    return;
  }
  const abort = new AbortController();
  channel.on('data', (d: Buffer) => proc.write(d, false));
  channel.on('end', () => proc.write(Buffer.alloc(0), true));
  channel.on('close', () => {
    abort.abort();
    proc.signal('terminate');
  });
  void pump(channel, proc, abort.signal);
}

async function pump(channel: ServerChannel, proc: BufferedProcess, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    await proc.waitForOutput(PUMP_WAIT_MS, signal);
    if (signal.aborted) return;
    const d = proc.drain();
    if (d.stdout.length > 0) channel.write(d.stdout);
    if (d.stderr.length > 0) channel.stderr.write(d.stderr);
    if (d.exited) {
      // SSH carries the exit status as uint32: Windows' 0xC000013A stays that number on the wire.
      channel.exit(d.rc >>> 0);
      channel.end();
      return;
    }
  }
}
