/**
 * ansible.windows.win_wait_for on the simulated host: a port is open while a running service listens on it
 * (listening.ts), a path is looked up in the simulated file system. Nothing on a simulated host changes while
 * its agent runs a task, so the outcome after `timeout` seconds is known at once: the simulator answers without
 * waiting and reports the time Windows would have taken (`elapsed`, `wait_attempts`).
 */
import { getNode, readFile } from '../fs.ts';
import { activeConnections, listenerOf } from '../listening.ts';
import { fsStep, pathArg } from './fs-common.ts';
import { type Behaviour, type BehaviourContext, ModuleFailure } from './types.ts';
import type { HostState } from '../state.ts';

interface Args {
  host?: string;
  port?: number;
  path?: string;
  regex?: string;
  state?: 'started' | 'stopped' | 'present' | 'absent' | 'drained';
  exclude_hosts?: string[];
  timeout?: number;
  delay?: number;
  sleep?: number;
}

/** The argument checks win_wait_for.ps1 makes before waiting, with its messages. */
function validate(a: Args, state: string): void {
  const fail = (msg: string) => {
    throw new ModuleFailure(msg, { elapsed: 0 });
  };
  if (a.port !== undefined && a.path !== undefined) fail('port and path parameter can not both be passed to win_wait_for');
  if (a.exclude_hosts !== undefined && state !== 'drained') fail('exclude_hosts should only be with state=drained');
  if (a.path !== undefined && ['stopped', 'drained'].includes(state)) fail(`state=${state} should only be used for checking a port in the win_wait_for module`);
  if (a.port !== undefined && a.regex !== undefined) fail('regex should by used when checking a string in a file in the win_wait_for module');
}

function fileMatches(host: HostState, path: string, regex: string | undefined, ctx: BehaviourContext): boolean {
  const node = getNode(host, path);
  if (!node) return false;
  if (regex === undefined) return true;
  const text = fsStep(() => readFile(host, path, ctx.account)).toString('utf8');
  // PowerShell's -match is case-insensitive.
  return new RegExp(regex, 'i').test(text);
}

/** Whether the condition holds now, and the message win_wait_for.ps1 fails with when it never does. */
function condition(host: HostState, a: Args, state: string, ctx: BehaviourContext): [boolean, string] {
  const h = a.host ?? '127.0.0.1';
  if (a.path !== undefined) {
    const path = pathArg(a.path, ctx);
    const hit = fileMatches(host, path, a.regex, ctx);
    if (state === 'absent') {
      return [!hit, a.regex === undefined ? `timeout while waiting for file ${a.path} to be absent` : `timeout while waiting for string regex ${a.regex} in file ${a.path} to not match`];
    }
    return [hit, a.regex === undefined ? `timeout while waiting for file ${a.path} to be present` : `timeout while waiting for string regex ${a.regex} in file ${a.path} to match`];
  }
  if (a.port === undefined) return [false, ''];
  const open = listenerOf(host, h, a.port) !== undefined;
  if (state === 'drained') return [activeConnections(host, a.port).length === 0, `timeout while waiting for ${h}:${a.port} to drain`];
  if (state === 'stopped' || state === 'absent') return [!open, `timeout while waiting for ${h}:${a.port} to stop listening`];
  return [open, `timeout while waiting for ${h}:${a.port} to start listening`];
}

export const winWaitFor: Behaviour = (host, rawArgs, ctx) => {
  const a = rawArgs as unknown as Args;
  const state = a.state ?? 'started';
  validate(a, state);
  const timeout = a.timeout ?? 300;
  const delay = a.delay ?? 0;
  // Neither port nor path: the module just sleeps for `timeout`.
  if (a.port === undefined && a.path === undefined && state !== 'drained') return { changed: false, elapsed: delay + timeout, wait_attempts: 0 };
  const [met, msg] = condition(host, a, state, ctx);
  if (met) return { changed: false, elapsed: delay, wait_attempts: 1 };
  const attempts = Math.max(1, Math.ceil(timeout / Math.max(1, a.sleep ?? 1)));
  throw new ModuleFailure(msg, { changed: false, elapsed: delay + timeout, wait_attempts: attempts });
};
