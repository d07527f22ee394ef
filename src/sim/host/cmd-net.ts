/**
 * `net start [NAME]` and `net stop NAME [/y]` as net.exe words them (messages from `net helpmsg`), driving the
 * SCM rules in services.ts. net.exe exits 2 on every error.
 */
import { CRLF, type CmdResult, unsupported } from './cmd-output.ts';
import { type Actor, dependedBy, findService, findServiceByAnyName, startService, stopService } from './services.ts';
import type { HostState } from './state.ts';
import { WindowsError } from './windows-error.ts';

function netError(text: string, helpmsg?: number): CmdResult {
  const more = helpmsg ? `More help is available by typing NET HELPMSG ${helpmsg}.${CRLF}${CRLF}` : '';
  return { stdout: '', stderr: `${text}${CRLF}${CRLF}${more}`, rc: 2 };
}

function systemError(e: unknown): CmdResult {
  if (e instanceof WindowsError) return netError(`System error ${e.code} has occurred.${CRLF}${CRLF}${e.message}`);
  throw e;
}

function listStarted(state: HostState): CmdResult {
  const names = state.services
    .filter((s) => s.type !== 'kernel_driver' && (s.state === 'running' || s.state === 'paused'))
    .map((s) => `   ${s.display_name}${CRLF}`)
    .sort();
  return { stdout: `These Windows services are started:${CRLF}${CRLF}${names.join('')}${CRLF}The command completed successfully.${CRLF}${CRLF}`, stderr: '', rc: 0 };
}

function start(state: HostState, name: string, actor: Actor): CmdResult {
  const s = findServiceByAnyName(state, name);
  if (!s) return netError('The service name is invalid.', 2185);
  if (s.state !== 'stopped') return netError('The requested service has already been started.', 2182);
  try {
    startService(state, s.name, actor);
  } catch (e) {
    return systemError(e);
  }
  const d = s.display_name;
  return { stdout: `The ${d} service is starting.${CRLF}The ${d} service was started successfully.${CRLF}${CRLF}`, stderr: '', rc: 0 };
}

function stopped(display: string): string {
  return `The ${display} service is stopping.${CRLF}The ${display} service was stopped successfully.${CRLF}${CRLF}`;
}

function stop(state: HostState, name: string, yes: boolean, actor: Actor): CmdResult {
  const s = findServiceByAnyName(state, name);
  if (!s) return netError('The service name is invalid.', 2185);
  if (s.state === 'stopped') return netError(`The ${s.display_name} service is not started.`, 3521);
  const running = dependedBy(state, s.name)
    .map((n) => findService(state, n))
    .filter((d) => d !== undefined && d.state !== 'stopped');
  let out = '';
  if (running.length > 0) {
    out =
      `The following services are dependent on the ${s.display_name} service.${CRLF}` +
      `Stopping the ${s.display_name} service will also stop these services.${CRLF}${CRLF}` +
      running.map((d) => `   ${d?.display_name}${CRLF}`).join('') +
      CRLF;
    if (!yes) {
      // A WinRS command has no console to answer the prompt; net.exe takes the default (N). Unverified wording.
      return { stdout: `${out}Do you want to continue this operation? (Y/N) [N]: ${CRLF}`, stderr: `No valid response was provided.${CRLF}`, rc: 2 };
    }
    out += running.map((d) => stopped(d?.display_name ?? '')).join('');
  }
  try {
    stopService(state, s.name, actor, { force: true });
  } catch (e) {
    return systemError(e);
  }
  return { stdout: out + stopped(s.display_name), stderr: '', rc: 0 };
}

export function runNet(state: HostState, args: string[], actor: Actor): CmdResult {
  const verb = args[0]?.toLowerCase();
  const yes = args.some((a) => /^\/y(es)?$/i.test(a));
  const names = args.slice(1).filter((a) => !a.startsWith('/'));
  if (verb === 'start' && names.length === 0) return listStarted(state);
  // net.exe joins the remaining words, so `net start Print Spooler` names the display name.
  const name = names.join(' ');
  if (verb === 'start') return start(state, name, actor);
  if (verb === 'stop' && name) return stop(state, name, yes, actor);
  return unsupported(`'net ${args.join(' ')}'`);
}
