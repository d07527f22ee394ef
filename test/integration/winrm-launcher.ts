/**
 * A simulated host whose commands exercise the WinRM client's edges (the real host model has no `sleep` or
 * 50 MiB output): `sleep MS`, `cat`, `count-stdin`, `flood N`, `flood-utf8 N`, `clixml`, `echo TEXT`.
 */
import { createHash } from 'node:crypto';
import { BufferedProcess } from '../../src/sim/process.ts';
import type { Drained, ProcessContext, ProcessLauncher } from '../../src/sim/process.ts';

/** Smaller than one Receive's output budget, so the listener never has to carry output over. */
const FLOOD_CHUNK = 64 * 1024;

class ScriptedProcess extends BufferedProcess {
  terminated = false;
  private stdinBytes = 0;
  private readonly hash = createHash('sha256');

  constructor(ctx: ProcessContext, readonly verb: string, readonly arg: string) {
    super(ctx);
    if (verb === 'sleep') {
      this.out('partial output\r\n');
      setTimeout(() => this.exit(0), Number(arg)).unref();
    } else if (verb === 'echo') {
      setImmediate(() => (this.out(`${arg}\r\n`), this.exit(0)));
    } else if (verb === 'clixml') {
      this.err(CLIXML);
      this.exit(1);
    } else if (verb !== 'cat' && verb !== 'count-stdin') {
      setImmediate(() => this.exit(0));
    }
  }

  write(data: Buffer, end: boolean): void {
    if (this.verb === 'cat') this.out(data);
    this.stdinBytes += data.length;
    this.hash.update(data);
    if (end) {
      if (this.verb === 'count-stdin') this.out(`${this.stdinBytes} ${this.hash.digest('hex')}`);
      this.exit(0);
    }
  }

  override signal(kind: 'ctrl_c' | 'terminate'): void {
    this.terminated = true;
    super.signal(kind);
  }
}

/** Output made on demand, one chunk per Receive, so the simulator itself holds no more than a chunk. */
class FloodProcess extends ScriptedProcess {
  private left: number;
  private readonly unit: Buffer;
  /** Where in `unit` the next chunk starts. */
  private pos = 0;

  /** `flood N` writes N bytes of 'x'; `flood-utf8 N` writes N copies of a non-Latin sentence. */
  constructor(ctx: ProcessContext, verb: string, arg: string) {
    super(ctx, verb, arg);
    this.unit = verb === 'flood-utf8' ? Buffer.from(UTF8_UNIT, 'utf8') : Buffer.from('x');
    this.left = verb === 'flood-utf8' ? Number(arg) * this.unit.length : Number(arg);
  }

  override hasPending(): boolean {
    return true;
  }

  override drain(): Drained {
    // Chunks are cut at byte counts, so multi-byte characters straddle Receive replies.
    const n = Math.min(this.left, FLOOD_CHUNK);
    const out = Buffer.alloc(n, Buffer.concat([this.unit.subarray(this.pos), this.unit.subarray(0, this.pos)]));
    this.pos = (this.pos + n) % this.unit.length;
    this.left -= n;
    return { stdout: out, stderr: Buffer.alloc(0), exited: this.left === 0, rc: 0 };
  }
}

export const UTF8_UNIT = '日本語のテキスト、Ελληνικά, кириллица. ';

export class ScriptedLauncher implements ProcessLauncher {
  readonly started: ScriptedProcess[] = [];
  start(line: string, ctx: ProcessContext): BufferedProcess {
    // A raw task sends its line as Ansible does over WinRM, as PowerShell -EncodedCommand: the verb is the script.
    const encoded = /^PowerShell .*-EncodedCommand (\S+)$/.exec(line)?.[1];
    const commandLine = encoded === undefined ? line : Buffer.from(encoded, 'base64').toString('utf16le');
    const space = commandLine.indexOf(' ');
    const verb = space < 0 ? commandLine : commandLine.slice(0, space);
    const arg = space < 0 ? '' : commandLine.slice(space + 1);
    const p = verb.startsWith('flood') ? new FloodProcess(ctx, verb, arg) : new ScriptedProcess(ctx, verb, arg);
    this.started.push(p);
    return p;
  }
}

/** What powershell.exe -NonInteractive writes for `Get-Item C:\nope` (progress record, then the error record). */
const CLIXML =
  '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">' +
  '<Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS><I64 N="SourceId">1</I64><PR N="Record"><AV>Preparing modules for first use.</AV><AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD> </SD></PR></MS></Obj>' +
  '<S S="Error">Get-Item : Cannot find path \'C:\\nope\' because it does not exist._x000D__x000A_</S>' +
  '<S S="Error">    + CategoryInfo          : ObjectNotFound: (C:\\nope:String) [Get-Item], ItemNotFoundException_x000D__x000A_</S></Objs>';
