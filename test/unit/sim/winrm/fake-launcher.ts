/** A trivial simulated host for listener tests: commands echo themselves; a few names behave specially. */
import { BufferedProcess } from '../../../../src/sim/process.ts';
import type { ProcessContext, ProcessLauncher } from '../../../../src/sim/process.ts';

/**
 * `exit N` exits with N; `silent` produces nothing until signalled; `cat` echoes stdin until End; `big N` writes N
 * bytes of 'x'; anything else prints `<command line>\r\n` (and the user on stderr) and exits 0.
 */
export class EchoProcess extends BufferedProcess {
  constructor(
    ctx: ProcessContext,
    readonly commandLine: string,
    readonly skipCmdShell: boolean,
  ) {
    super(ctx);
    const [verb, arg] = commandLine.split(' ');
    if (verb === 'exit') {
      setImmediate(() => this.exit(Number(arg)));
    } else if (verb === 'big') {
      this.out(Buffer.alloc(Number(arg), 'x'));
      this.exit(0);
    } else if (verb !== 'silent' && verb !== 'cat') {
      setImmediate(() => {
        this.out(`${commandLine}\r\n`);
        this.err(`${ctx.user}@${ctx.cwd}`);
        this.exit(0);
      });
    }
  }

  write(data: Buffer, end: boolean): void {
    this.out(data);
    if (end) this.exit(0);
  }
}

export class EchoLauncher implements ProcessLauncher {
  readonly started: EchoProcess[] = [];
  start(commandLine: string, ctx: ProcessContext, skipCmdShell: boolean): EchoProcess {
    const p = new EchoProcess(ctx, commandLine, skipCmdShell);
    this.started.push(p);
    return p;
  }
}
