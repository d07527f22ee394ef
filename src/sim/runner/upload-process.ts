/**
 * The WinRM upload script (src/transport/winrm/upload.ps1) on a simulated host: the exact text the controller sent
 * in -EncodedCommand, run in a runspace of the pwsh worker, with the simulator's binding of the upload verbs in the
 * place of their Windows side (the one seam, as for the agent's façade). Its stdin is a StdinPipe that the upload
 * verbs read (Read-WbStdinLine, Copy-WbStdinToFile); its stdout and stderr are the WinRS shell's.
 */
import { BufferedProcess, type ProcessContext } from '../process.ts';
import type { AgentHost } from '../host/agent.ts';
import { StdinPipe } from '../host/stdin-pipe.ts';
import { UPLOAD_FACADE } from '../../transport/winrm/upload.ts';
import { callVerb } from '../windows/index.ts';
import { simBinding } from './binding.ts';
import { recordScriptRun } from './module-runs.ts';
import { pwshWorker } from './pwsh-worker.ts';

export class PwshUploadProcess extends BufferedProcess {
  private readonly stdin = new StdinPipe();
  private readonly sid: Promise<string>;

  /** `script` is the decoded -EncodedCommand text; the caller checked it is the shipped upload script. */
  constructor(ctx: ProcessContext, host: AgentHost, script: string) {
    super(ctx);
    recordScriptRun('winbook-upload');
    const utf8 = (t: string) => Buffer.from(t, 'utf8');
    const vctx = { state: host.state, log: host.log, account: host.account, stdin: this.stdin };
    this.sid = pwshWorker().open((sid) => script.replace(UPLOAD_FACADE, () => simBinding(sid, 'upload')), {
      stdout: (t) => this.out(utf8(t)),
      stderr: (t) => this.err(utf8(t)),
      exit: (code) => this.exit(code),
      call: (verb, args) => callVerb(vctx, verb, args),
    }, { stdin: false });
    this.sid.catch((e: Error) => {
      this.err(utf8(`winbook simulator: ${e.message}\r\n`));
      this.exit(1);
    });
  }

  write(data: Buffer, end: boolean): void {
    if (this.isExited) return;
    this.stdin.push(data, end);
  }

  override signal(kind: 'ctrl_c' | 'terminate'): void {
    void kind;
    this.stdin.close();
    void this.sid.then((sid) => pwshWorker().kill(sid), () => undefined);
  }
}
