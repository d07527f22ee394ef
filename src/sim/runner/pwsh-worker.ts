/**
 * The pwsh worker of a simulator process: one PowerShell process hosting every simulated agent as a runspace of its
 * own (worker.ps1, bridge.cs). Agents' stdin/stdout travel as IN/OUT lines; their façade calls arrive as CALL lines
 * and are answered with RET after the host model ran the verb. Started on first use, shared by every simulated host
 * of the process, ended with the process (or `stop()`).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WinbookError } from '../../errors.ts';
import { WindowsError } from '../host/windows-error.ts';
import { ALLOWED_CMDLETS } from './allowed-cmdlets.ts';
import { findPowerShell } from './find-pwsh.ts';
import { USER_LAYER_ALIASES, USER_LAYER_CMDLETS, USER_LAYER_FUNCTIONS, USER_LAYER_PROVIDERS, USER_LAYER_SCRIPTS, USER_LAYER_SOURCES } from './user-layer.ts';

export interface WorkerSession {
  stdout(text: string): void;
  stderr(text: string): void;
  exit(code: number): void;
  /** A façade verb call; returns the JSON value (or a Promise of it) or throws WindowsError. */
  call(verb: string, args: Record<string, unknown>): unknown;
}

const BRIDGE_SOURCE = readFileSync(new URL('./bridge.cs', import.meta.url), 'utf8');
const WORKER_SCRIPT = new URL('./worker.ps1', import.meta.url);

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const text = (s: string) => Buffer.from(s, 'base64').toString('utf8');

/** No PowerShell for the simulated hosts: the message says what to install (find-pwsh.ts). */
export class SimPowerShellError extends WinbookError {
  constructor(message: string, hint?: string) {
    super('PWSH_MISSING', message, { hint: hint ?? 'set WINBOOK_PWSH to a PowerShell 7.4+ (pwsh) or install the .NET SDK 10 and run npm install' });
  }
}

/**
 * Where the worker keeps its compiled C# (worker.ps1): .tools/sim-cache beside the PowerShell npm installs, the same
 * from src/ and dist/. '' (compile in memory every start) when it cannot be created.
 */
function compileCache(): string {
  if (process.env.WINBOOK_SIM_NO_COMPILE_CACHE) return '';
  try {
    const dir = fileURLToPath(new URL('../../../.tools/sim-cache/', import.meta.url));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  } catch {
    return '';
  }
}

export class PwshWorker {
  private child: ChildProcessWithoutNullStreams | undefined;
  private ready: Promise<void> | undefined;
  private readonly sessions = new Map<string, WorkerSession>();
  private seq = 0;
  private stderrTail = '';
  /** Façade calls answered, for tests and benchmarks. */
  calls = 0;

  private async start(): Promise<void> {
    // Installs PowerShell 7 into .tools/pwsh on first use where npm's postinstall could not (one line says so).
    const pwsh = (await findPowerShell({ install: true })).path;
    const child = spawn(pwsh, ['-NoProfile', '-NonInteractive', '-File', WORKER_SCRIPT.pathname.replace(/^\/([A-Za-z]:)/, '$1'), '-BridgeSource', BRIDGE_SOURCE, '-Allowed', ALLOWED_CMDLETS.join(',')], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    // The user layer goes first on stdin (worker.ps1): its function bodies and source paths would not fit a Windows
    // command line.
    const layer = {
      cmdlets: USER_LAYER_CMDLETS,
      functions: USER_LAYER_FUNCTIONS,
      aliases: USER_LAYER_ALIASES,
      providers: USER_LAYER_PROVIDERS,
      sources: USER_LAYER_SOURCES.map((u) => fileURLToPath(u)),
      scripts: USER_LAYER_SCRIPTS.map((u) => fileURLToPath(u)),
      cacheDir: compileCache(),
    };
    child.stdin.write(b64(JSON.stringify(layer)) + '\n');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-4000);
    });
    // The worker must not keep a simulator process alive on its own.
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      let isReady = false;
      lines.on('line', (line) => {
        if (!isReady && line === 'READY') {
          isReady = true;
          resolve();
          return;
        }
        this.onLine(line);
      });
      child.on('error', (e) => reject(new Error(`the simulator's PowerShell (${pwsh}) did not start: ${e.message}`)));
      child.on('exit', (code) => {
        const why = `the simulator's PowerShell worker exited (${code}): ${this.stderrTail.trim()}`;
        if (!isReady) reject(new Error(why));
        for (const [, s] of this.sessions) {
          s.stderr(why + '\r\n');
          s.exit(1);
        }
        this.sessions.clear();
        this.child = undefined;
        this.ready = undefined;
      });
    });
  }

  private send(line: string): void {
    if (process.env.WINBOOK_SIM_TRACE) process.stderr.write(`sim-worker < ${line.slice(0, 60)}\n`);
    this.child?.stdin.write(line + '\n');
  }

  private onLine(line: string): void {
    if (process.env.WINBOOK_SIM_TRACE) process.stderr.write(`sim-worker > ${line.slice(0, 60)}\n`);
    const f = line.split(' ');
    const s = this.sessions.get(f[1] ?? '');
    switch (f[0]) {
      case 'OUT':
        s?.stdout(text(f[2] ?? ''));
        break;
      case 'ERR':
        s?.stderr(text(f[2] ?? ''));
        break;
      case 'EXIT':
        this.sessions.delete(f[1] ?? '');
        s?.exit(Number(f[2]));
        break;
      case 'FAIL':
        s?.stderr(`winbook simulator: ${text(f[2] ?? '')}\r\n`);
        break;
      case 'CALL':
        this.answer(s, f[2] ?? '', f[3] ?? '', f[4] ?? '');
        break;
    }
  }

  private answer(s: WorkerSession | undefined, callId: string, verb: string, argsB64: string): void {
    this.calls++;
    const ok = (value: unknown) => this.send(`RET ${callId} OK ${b64(JSON.stringify(value === undefined ? null : value))}`);
    const fail = (e: unknown) => {
      const err = e instanceof WindowsError ? e : new WindowsError(1, `Incorrect function. (simulator: ${verb} failed: ${(e as Error).message})`);
      this.send(`RET ${callId} ERR ${b64(`${err.code}:${err.message}`)}`);
    };
    try {
      if (!s) throw new WindowsError(6, 'The handle is invalid.');
      const value = s.call(verb, JSON.parse(text(argsB64)) as Record<string, unknown>);
      // A verb that takes time on the host (a program that runs for a while) answers later; the caller's runspace waits.
      if (value instanceof Promise) value.then(ok, fail);
      else ok(value);
    } catch (e) {
      fail(e);
    }
  }

  /**
   * Find PowerShell (installing it into .tools/pwsh where the .NET SDK allows) and start the worker in the
   * background. Throws SimPowerShellError (PWSH_MISSING) with what to install when there is none.
   */
  async prepare(): Promise<void> {
    try {
      await findPowerShell({ install: true });
    } catch (e) {
      const err = e as Error & { hint?: string };
      throw new SimPowerShellError(err.message, err.hint);
    }
    this.ready ??= this.start();
    // Errors surface at the first open(); an unobserved rejection must not end the process before that.
    this.ready.catch(() => undefined);
  }

  /**
   * Start a script (the real bootstrap, or a script built for the session id, such as the upload script with its
   * façade binding) in a new runspace; returns the session id. `stdin: false` starts it without the $In parameter:
   * a script that reads its stdin through façade verbs.
   */
  async open(script: string | ((sid: string) => string), session: WorkerSession, opts: { stdin?: boolean } = {}): Promise<string> {
    this.ready ??= this.start();
    await this.ready;
    const sid = `s${++this.seq}`;
    this.sessions.set(sid, session);
    const text = typeof script === 'string' ? script : script(sid);
    this.send(`OPEN ${sid} ${b64(text)}${opts.stdin === false ? ' noinput' : ''}`);
    return sid;
  }

  input(sid: string, data: string): void {
    this.send(`IN ${sid} ${b64(data)}`);
  }

  endInput(sid: string): void {
    this.send(`EOF ${sid}`);
  }

  kill(sid: string): void {
    const s = this.sessions.get(sid);
    this.sessions.delete(sid);
    this.send(`KILL ${sid}`);
    s?.exit(-1073741510);
  }

  stop(): void {
    this.child?.kill();
    this.child = undefined;
    this.ready = undefined;
  }
}

let shared: PwshWorker | undefined;

/** The process-wide worker. */
export function pwshWorker(): PwshWorker {
  return (shared ??= new PwshWorker());
}
