/**
 * powershell.exe running a user's script on a simulated host (what Ansible's `raw` over WinRM starts: the line as
 * -EncodedCommand): the decoded text in a runspace of the pwsh worker (user-script.ps1), with the user's session
 * state, 5.1's aliases and native programs run on the host model (native-programs.ts). Its stdout is the formatted
 * output in the shell's code page; its stderr is native programs' own stderr and then the error records in 5.1's
 * text as CLIXML (ps51-error-text.ts); its exit code is -Command's (`exit N`, else 1 when the last statement
 * failed, else 0).
 */
import { readFileSync } from 'node:fs';
import { BufferedProcess, type ProcessContext } from '../process.ts';
import type { AgentHost } from '../host/agent.ts';
import { type PsErrorFields, type PsParseError, CONSOLE_WIDTH, errorStream, ps51ErrorRecordText, ps51ParseErrorText } from '../host/ps51-error-text.ts';
import { callVerb } from '../windows/index.ts';
import { findNative, runNative } from './native-programs.ts';
import { PS51_ALIASES } from './ps51-aliases.ts';
import { recordScriptRun } from './module-runs.ts';
import { pwshWorker } from './pwsh-worker.ts';

const OUTPUT_BATCH_MS = 50;
const DRIVER = readFileSync(new URL('./user-script.ps1', import.meta.url), 'utf8');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
// Only the names: the user layer's session state already has the aliases themselves (user-layer.ts).
const ALIASES = b64(Object.keys(PS51_ALIASES).join(','));

/** The driver for one session: the user's text and the session's settings filled in (all base64: no quoting). */
export function userScriptDriver(sid: string, script: string, cwd: string): string {
  const fill: Record<string, string> = { __SID__: sid, __SCRIPT__: b64(script), __CWD__: b64(cwd), __ALIASES__: ALIASES, __WIDTH__: String(CONSOLE_WIDTH - 1) };
  return DRIVER.replace(/__(SID|SCRIPT|CWD|ALIASES|WIDTH)__/g, (m) => fill[m] as string);
}

export class PwshUserScriptProcess extends BufferedProcess {
  private readonly sid: Promise<string>;
  private readonly stderrItems: Array<{ stream: 'Error' | 'Warning'; text: string }> = [];
  private readonly queued: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(ctx: ProcessContext, host: AgentHost, script: string) {
    super(ctx);
    recordScriptRun('user-script');
    const actor = { account: host.account, log: host.log };
    const vctx = { state: host.state, log: host.log, account: host.account };
    this.sid = pwshWorker().open((sid) => userScriptDriver(sid, script, ctx.cwd), {
      // The worker's text is UTF-8; the shell's code page decides the bytes (BufferedProcess.out encodes).
      stdout: (t) => this.later(() => this.out(t)),
      stderr: (t) => this.later(() => this.err(t)),
      exit: (code) => this.finish(code),
      call: (verb, args) => {
        switch (verb) {
          case 'WbUser.FindProgram':
            return findNative(host.state, host.account, args);
          case 'WbUser.RunProgram':
            return runNative(host.state, actor, args);
          case 'WbUser.Stderr': {
            const text = Buffer.from(String(args.text ?? ''), 'base64').toString('utf8');
            this.later(() => this.err(text));
            return null;
          }
          case 'WbUser.Error':
            this.stderrItems.push({ stream: 'Error', text: ps51ErrorRecordText(args as unknown as PsErrorFields) });
            return null;
          case 'WbUser.Warning':
            this.stderrItems.push({ stream: 'Warning', text: String(args.text ?? '') });
            return null;
          case 'WbUser.ParseError':
            this.stderrItems.push({ stream: 'Error', text: ps51ParseErrorText((args.errors ?? []) as PsParseError[]) });
            return null;
          case 'WbUser.FormatError':
            // An error record the script sent to its output (2>&1): the console shows it with the same view.
            return b64(ps51ErrorRecordText(args as unknown as PsErrorFields).split('\n').map((l) => l + '\r\n').join(''));
          default:
            // Providers and cmdlets of the user layer reach the host through the façade verbs.
            return callVerb(vctx, verb, args);
        }
      },
    }, { stdin: false });
    this.sid.catch((e: Error) => {
      this.err(`winbook simulator: ${e.message}\r\n`);
      this.exit(1);
    });
  }

  write(): void {
    // Ansible's raw sends no stdin (console_mode_stdin); a script reading it sees end of input.
  }

  override signal(kind: 'ctrl_c' | 'terminate'): void {
    void kind;
    void this.sid.then((sid) => pwshWorker().kill(sid), () => undefined);
  }

  /**
   * Output is handed to the shell in batches (what the worker sends within OUTPUT_BATCH_MS): a short script's output
   * and its exit then reach the client in one Receive, as they do from a real host, instead of one Receive for each
   * line the worker happened to write apart.
   */
  private later(write: () => void): void {
    this.queued.push(write);
    this.timer ??= setTimeout(() => this.drainQueued(), OUTPUT_BATCH_MS);
  }

  private drainQueued(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.queued.splice(0)) w();
  }

  private finish(code: number): void {
    this.drainQueued();
    // 5.1 serialises its error stream as one CLIXML document, written as the process ends.
    if (this.stderrItems.length > 0) this.err(errorStream(this.stderrItems));
    this.exit(code);
  }
}
