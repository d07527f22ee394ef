/**
 * A RemoteProcess that behaves like bootstrap.ps1 on a well-behaved host: READY on start, one framed result per
 * request line, output available in one read. Modules are TS functions keyed by name; every write/read is counted.
 */
import { READY_LINE, decodeRequest, encodeResult, unpackText } from '../../../src/agent/protocol.ts';
import type { AgentRequest } from '../../../src/agent/protocol.ts';
import type { ExecResult, ProcessOutput, RemoteProcess, Transport, TransportStats } from '../../../src/transport/types.ts';

export type FakeModule = (args: unknown, check: boolean, diff: boolean) => unknown;

export class FakeAgent implements RemoteProcess {
  writes = 0;
  reads = 0;
  requests: AgentRequest[] = [];
  stdinClosed = false;
  /** Scripts the agent holds, as the bootstrap's hashtable does. */
  readonly cached = new Map<string, string>();
  private pending: Array<{ stdout: string; stderr: string; done?: boolean; rc?: number }> = [];
  private waiter: (() => void) | undefined;

  /** Test knobs. */
  stray = '';
  splitFrames = false;
  exitOnRequest: { rc: number; stderr: string } | undefined;
  startFailure: { rc: number; stderr: string } | undefined;
  rawResult: string | undefined;

  constructor(readonly modules: Record<string, FakeModule>) {}

  boot(): void {
    if (this.startFailure) this.emit({ stdout: '', stderr: this.startFailure.stderr, done: true, rc: this.startFailure.rc });
    else this.emit({ stdout: `${READY_LINE}\r\n`, stderr: '' });
  }

  write(data: string | Buffer, end?: boolean): Promise<void> {
    this.writes++;
    const text = data.toString();
    if (end) this.stdinClosed = true;
    for (const line of text.split('\n').filter((l) => l.trim() !== '')) this.handle(line);
    if (end) this.emit({ stdout: '', stderr: '', done: true, rc: 0 });
    return Promise.resolve();
  }

  async read(): Promise<ProcessOutput> {
    this.reads++;
    while (this.pending.length === 0) await new Promise<void>((r) => (this.waiter = r));
    const p = this.pending.shift()!;
    return { stdout: Buffer.from(p.stdout, 'utf8'), stderr: Buffer.from(p.stderr, 'utf8'), done: p.done ?? false, rc: p.rc };
  }

  signal(): Promise<void> {
    return Promise.resolve();
  }

  private handle(line: string): void {
    const req = decodeRequest(line);
    this.requests.push(req);
    if (this.exitOnRequest) {
      this.emit({ stdout: '', stderr: this.exitOnRequest.stderr, done: true, rc: this.exitOnRequest.rc });
      return;
    }
    if (req.script !== undefined) this.cached.set(req.module, unpackText(req.script));
    let json: string;
    const mod = this.modules[req.module];
    if (this.rawResult !== undefined) json = this.rawResult;
    else if (!this.cached.has(req.module) || !mod) {
      json = JSON.stringify({ failed: true, msg: `The term '${req.module}' is not recognized as the name of a cmdlet` });
    } else {
      try {
        json = JSON.stringify(mod(req.args, req.check, req.diff));
      } catch (e) {
        json = JSON.stringify({ failed: true, msg: (e as Error).message });
      }
    }
    const framed = this.stray + encodeResult(req.id, json);
    if (this.splitFrames) {
      // Split in the middle of the begin marker and of the JSON, as three Receives could deliver it.
      const a = framed.indexOf('BEGIN') + 2;
      const b = framed.indexOf('{') + 3;
      this.emit({ stdout: framed.slice(0, a), stderr: '' });
      this.emit({ stdout: framed.slice(a, b), stderr: '' });
      this.emit({ stdout: framed.slice(b), stderr: '' });
    } else {
      this.emit({ stdout: framed, stderr: '' });
    }
  }

  private emit(p: { stdout: string; stderr: string; done?: boolean; rc?: number }): void {
    this.pending.push(p);
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}

export class FakeTransport implements Transport {
  readonly host = 'win1';
  spawned: string[] = [];
  constructor(readonly agent: FakeAgent) {}
  open(): Promise<void> {
    return Promise.resolve();
  }
  exec(): Promise<ExecResult> {
    return Promise.resolve({ rc: 0, stdout: '', stderr: '' });
  }
  spawn(commandLine: string): Promise<RemoteProcess> {
    this.spawned.push(commandLine);
    this.agent.boot();
    return Promise.resolve(this.agent);
  }
  upload(): Promise<void> {
    return Promise.reject(new Error('not used: the fake agent stages uploads itself'));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  stats(): TransportStats {
    return { requests: this.agent.writes + this.agent.reads };
  }
}
