/**
 * `cmd.exe /c LINE` for `raw` commands: the chaining operators, the internal commands `echo`, `exit`, `ver`,
 * nested `cmd /c`, and the programs hostname, whoami, sc and net. Anything else gets cmd.exe's own
 * "is not recognized" error. Output is returned whole: none of these read stdin.
 */
import { CRLF, type CmdResult, notRecognized, ok, unsupported } from './cmd-output.ts';
import { runNet } from './cmd-net.ts';
import { parseCmdLine, splitArgs } from './cmd-parse.ts';
import { runSc } from './cmd-sc.ts';
import type { Actor } from './services.ts';
import type { HostState } from './state.ts';

export interface CmdEnv {
  state: HostState;
  /** The shell's account (`user` or `DOMAIN\user`). */
  user: string;
  actor: Actor;
  /** Runs `powershell.exe ARGS` to completion with no stdin. */
  powershell: (args: string) => CmdResult;
}

/** Runs LINE as `cmd.exe /c LINE` does; rc is the final %ERRORLEVEL%. */
export function runCmd(line: string, env: CmdEnv): CmdResult {
  const parsed = parseCmdLine(line);
  if (parsed.unsupported) return unsupported(`'${parsed.unsupported}' (pipes, redirection and blocks)`);
  let stdout = '';
  let stderr = '';
  let errorlevel = 0;
  let last: CmdResult | undefined;
  for (const seg of parsed.segments) {
    if (last && seg.joiner === '&&' && last.rc !== 0) continue;
    if (last && seg.joiner === '||' && last.rc === 0) continue;
    if (seg.text.trim() === '') continue;
    const r = runOne(seg.text, env, errorlevel);
    stdout += r.stdout;
    stderr += r.stderr;
    if (!r.keepsErrorlevel) errorlevel = r.rc;
    last = r;
    if (r.exits) break;
  }
  return { stdout, stderr, rc: errorlevel };
}

/** The command word: quotes removed, any directory and a `.exe`/`.com` suffix dropped, lower case. */
function commandWord(text: string): { word: string; shown: string; rest: string } {
  const m = /^("[^"]*"|[^\s"]+)\s?(.*)$/s.exec(text) as RegExpExecArray;
  const shown = (m[1] as string).replace(/"/g, '');
  const word = (shown.split('\\').pop() as string).toLowerCase().replace(/\.(exe|com)$/, '');
  return { word, shown, rest: m[2] as string };
}

function runOne(text: string, env: CmdEnv, errorlevel: number): CmdResult {
  // `echo.` `echo:` `echo(` print the rest with no space; cmd recognises echo before any delimiter.
  const echo = /^echo([.:(\s]|$)(.*)$/is.exec(text);
  if (echo) return runEcho(echo[1] as string, echo[2] as string);
  const { word, shown, rest } = commandWord(text);
  const args = splitArgs(rest);
  switch (word) {
    case 'exit':
      return runExit(args, errorlevel);
    case 'ver':
      return { ...ok(`${CRLF}Microsoft Windows [Version ${env.state.os_version}]${CRLF}`), keepsErrorlevel: true };
    case 'cmd':
      return runNestedCmd(rest, env);
    case 'hostname':
      return ok(env.state.hostname + CRLF);
    case 'whoami':
      return args.length === 0 ? ok(whoami(env) + CRLF) : unsupported(`'whoami ${rest.trim()}'`);
    case 'sc':
      return runSc(env.state, args);
    case 'net':
      return runNet(env.state, args, env.actor);
    case 'powershell':
      return env.powershell(rest);
    default:
      return notRecognized(shown);
  }
}

function runEcho(delim: string, rest: string): CmdResult {
  const say = (text: string): CmdResult => ({ ...ok(text), keepsErrorlevel: true });
  if (delim !== '' && !/\s/.test(delim)) return say(rest + CRLF);
  if (rest.trim() === '') return say(`ECHO is on.${CRLF}`);
  if (/^(on|off)\s*$/i.test(rest)) return say('');
  return say(rest + CRLF);
}

/** `exit [/b] [N]`: N defaults to the current errorlevel; a non-number counts as 0. */
function runExit(args: string[], errorlevel: number): CmdResult {
  const rest = args[0]?.toLowerCase() === '/b' ? args.slice(1) : args;
  const n = rest[0] === undefined ? errorlevel : Number.parseInt(rest[0], 10);
  return { stdout: '', stderr: '', rc: Number.isNaN(n) ? 0 : n, exits: true };
}

/** `cmd [/s] [/q] [/d] /c LINE`: cmd strips one pair of quotes around LINE (see `cmd /?`). */
function runNestedCmd(rest: string, env: CmdEnv): CmdResult {
  const m = /^((?:\/[a-z](?::\w+)?\s*)*?)\/[ck](?:\s+|$)(.*)$/is.exec(rest.trim());
  if (!m) return unsupported(`an interactive 'cmd ${rest.trim()}'`);
  let line = (m[2] as string).trim();
  if (line.startsWith('"') && line.endsWith('"') && line.length >= 2) line = line.slice(1, -1);
  return runCmd(line, env);
}

function whoami(env: CmdEnv): string {
  const u = env.user.includes('\\') ? env.user : `${env.state.hostname}\\${env.user}`;
  return u.toLowerCase();
}
