/**
 * Processes (contract/processes.ts) on the simulated host: the host's programs (host/programs) started as
 * CreateProcess would, their output decoded with the console code page they write (437 unless Utf8) and a child
 * powershell.exe's CLIXML decoded, as the Windows side does. The simulator cannot block a request while a program
 * runs on: a wait that would outlast its timeout on a real host returns at once as that timeout would leave it.
 */
import { clixmlToText } from '../host/clixml.ts';
import { decodeCodepage, encodeCodepage } from '../host/codepage.ts';
import { FsError, resolvePath } from '../host/fs.ts';
import { type KeptProcess, type SimChild, findProgram, keptProcesses, startProgram } from '../host/programs/index.ts';
import { WindowsError } from '../host/windows-error.ts';
import { type SimVerbTable, type VerbContext, bool, reqStr, str, strList } from './types.ts';

/** CommandLineToArgvW's inverse: quotes only when needed, backslashes doubled before a quote and the closing quote. */
export function quoteArgument(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return '"' + arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1') + '"';
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local time as 'yyyy-MM-dd HH:mm:ss.ffffff'. */
function stamp(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}000`;
}

function envArg(v: unknown): Record<string, string> {
  if (v === undefined || v === null || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, x === null || x === undefined ? '' : String(x)]));
}

function launch(ctx: VerbContext, args: Record<string, unknown>): SimChild {
  const file = reqStr(args, 'FilePath');
  const rooted = /^[A-Za-z]:\\|^\\\\|^%/.test(file) || /[\\/]/.test(file);
  const list = strList(args, 'ArgumentList');
  const line = list !== undefined ? list.map(quoteArgument).join(' ') : (str(args, 'CommandLine') ?? '');
  try {
    const path = rooted ? resolvePath(file, ctx.account) : findProgram(ctx.state, file, ctx.account);
    if (path === undefined) throw new WindowsError(2, 'The system cannot find the file specified.');
    return startProgram(ctx.state, { path, args: line, cwd: str(args, 'WorkingDirectory'), env: envArg(args.Environment), actor: { account: ctx.account, log: ctx.log } });
  } catch (e) {
    if (e instanceof FsError) throw new WindowsError(123, 'The filename, directory name, or volume label syntax is incorrect.');
    throw e;
  }
}

const codepageOf = (args: Record<string, unknown>) => (bool(args, 'Utf8') === true ? 65001 : 437);

function decode(chunks: Buffer[], codepage: number): string {
  return decodeCodepage(Buffer.concat(chunks), codepage);
}

/** Reads what the kept process wrote since the last read; true when a new line matched the pattern. */
function readKept(k: KeptProcess, pattern: RegExp | undefined): { exited: boolean; rc: number; matched: boolean } {
  const d = k.child.process.drain();
  const cp = k.utf8 ? 65001 : 437;
  const fresh = decodeCodepage(d.stdout, cp) + decodeCodepage(d.stderr, cp);
  if (d.stdout.length) k.stdout.push(d.stdout);
  if (d.stderr.length) k.stderr.push(d.stderr);
  const matched = pattern !== undefined && fresh.split(/\r?\n/).some((l) => pattern.test(l));
  return { exited: d.exited, rc: d.rc, matched };
}

function keptResult(k: KeptProcess, r: { exited: boolean; rc: number; matched: boolean }): Record<string, unknown> {
  const cp = k.utf8 ? 65001 : 437;
  return {
    Id: k.child.pid,
    HasExited: r.exited,
    ExitCode: r.exited ? r.rc : null,
    Matched: r.matched,
    Output: decode(k.stdout, cp) + clixmlToText(decode(k.stderr, cp)),
    Start: k.start,
  };
}

function patternOf(args: Record<string, unknown>): RegExp | undefined {
  const p = str(args, 'WaitPattern');
  return p === undefined || p === '' ? undefined : new RegExp(p, 'i');
}

export const processesVerbs: SimVerbTable = {
  'Find-WbProgram': (ctx, args) => findProgram(ctx.state, reqStr(args, 'Name'), ctx.account) ?? null,

  'Invoke-WbProcess': (ctx, args) => {
    const start = stamp();
    const cp = codepageOf(args);
    const child = launch(ctx, args);
    const p = child.process;
    p.write(encodeCodepage(str(args, 'Stdin') ?? '', cp), true);
    const limit = Number(args.TimeoutSeconds ?? 0);
    const d = p.drain();
    const result = (rc: number, timedOut: boolean, out: Buffer, err: Buffer) => ({
      ExitCode: rc,
      Stdout: decodeCodepage(out, cp),
      Stderr: clixmlToText(decodeCodepage(err, cp)),
      TimedOut: timedOut,
      Start: start,
      End: stamp(),
    });
    if (!d.exited) {
      // Waiting for something nothing on the simulated host will do: the timeout ends the wait and kills it, as the
      // Windows side does; without one a real agent would hang, which the simulator says instead.
      p.signal('terminate');
      const rest = p.drain();
      if (!(limit > 0)) {
        throw new WindowsError(1460, 'This operation returned because the timeout period expired. (simulator: the program waits for something nothing on the simulated host will do, and no TimeoutSeconds was given)');
      }
      return result(-1, true, Buffer.concat([d.stdout, rest.stdout]), Buffer.concat([d.stderr, rest.stderr]));
    }
    const seconds = child.seconds ?? 0;
    if (seconds <= 0) return result(d.rc, false, d.stdout, d.stderr);
    // A program that runs for a while (Start-Sleep) answers when it exits, or is killed at the timeout.
    const killed = limit > 0 && limit < seconds;
    return new Promise((resolve) => {
      setTimeout(() => resolve(killed ? result(-1, true, d.stdout, d.stderr) : result(d.rc, false, d.stdout, d.stderr)), (killed ? limit : seconds) * 1000);
    });
  },

  'Start-WbProcess': (ctx, args) => {
    const start = stamp();
    const child = launch(ctx, args);
    child.process.write(Buffer.alloc(0), true);
    const kept: KeptProcess = { child, stdout: [], stderr: [], start, utf8: bool(args, 'Utf8') === true };
    keptProcesses(ctx.state).set(child.pid, kept);
    return keptResult(kept, readKept(kept, patternOf(args)));
  },

  'Wait-WbProcess': (ctx, args) => {
    const kept = keptProcesses(ctx.state).get(Number(args.Id));
    if (!kept) throw new WindowsError(87, 'The parameter is incorrect.');
    return keptResult(kept, readKept(kept, patternOf(args)));
  },
};
