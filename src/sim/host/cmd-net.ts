/**
 * `net start [NAME]` and `net stop NAME [/y]` as net.exe words them (messages from `net helpmsg`), driving the
 * SCM rules in services.ts; `net user NAME PASSWORD /add`, `net user NAME /delete`, `net localgroup NAME /add`,
 * `net localgroup NAME /delete` and `net localgroup NAME MEMBER… /add|/delete` through the SAM rules in sam.ts.
 * net.exe exits 2 on every error; a NERR (2100-2999) is printed with `NET HELPMSG N`, a Win32 error as
 * `System error N has occurred.`.
 */
import { NO_MAPPING, lookupAccount } from './accounts.ts';
import { CRLF, type CmdResult, unsupported } from './cmd-output.ts';
import { SAM_ERRORS, addMember, createGroup, createUser, deleteGroup, deleteUser, findGroupName, findLocalUser, removeMember, setGroupDescription } from './sam.ts';
import { type Actor, dependedBy, findService, findServiceByAnyName, startService, stopService } from './services.ts';
import type { HostState } from './state.ts';
import { WindowsError } from './windows-error.ts';

function netError(text: string, helpmsg?: number): CmdResult {
  const more = helpmsg ? `More help is available by typing NET HELPMSG ${helpmsg}.${CRLF}${CRLF}` : '';
  return { stdout: '', stderr: `${text}${CRLF}${CRLF}${more}`, rc: 2 };
}

function systemError(e: unknown): CmdResult {
  if (e instanceof WindowsError && e.code >= 2100 && e.code <= 2999) return netError(e.message, e.code);
  if (e instanceof WindowsError) return netError(`System error ${e.code} has occurred.${CRLF}${CRLF}${e.message}`);
  throw e;
}

const COMPLETED: CmdResult = { stdout: `The command completed successfully.${CRLF}${CRLF}`, stderr: '', rc: 0 };

function attempt(fn: () => void): CmdResult {
  try {
    fn();
  } catch (e) {
    return systemError(e);
  }
  return COMPLETED;
}

/** `net user NAME PASSWORD /add` and `net user NAME /delete`. */
function user(state: HostState, args: string[], actor: Actor): CmdResult {
  const words = args.filter((a) => !a.startsWith('/'));
  const flags = args.filter((a) => a.startsWith('/')).map((a) => a.toLowerCase());
  const [name, password] = words;
  if (name === undefined || password === '*') return unsupported(`'net user ${args.join(' ')}'`);
  if (flags.includes('/add')) return attempt(() => createUser(state, name, password ?? '', actor));
  if (flags.includes('/delete') || flags.includes('/del')) {
    return attempt(() => {
      const u = findLocalUser(state, name);
      if (!u) throw SAM_ERRORS.noUser();
      deleteUser(state, u, actor);
    });
  }
  return unsupported(`'net user ${args.join(' ')}'`);
}

/** `net localgroup NAME [/comment:TEXT] /add|/delete` and `net localgroup NAME MEMBER… /add|/delete`. */
function localgroup(state: HostState, args: string[], actor: Actor): CmdResult {
  const words = args.filter((a) => !a.startsWith('/'));
  const flags = args.filter((a) => a.startsWith('/'));
  const add = flags.some((f) => /^\/add$/i.test(f));
  const del = flags.some((f) => /^\/del(ete)?$/i.test(f));
  const comment = flags.find((f) => /^\/comment:/i.test(f))?.slice('/comment:'.length);
  const [name, ...members] = words;
  if (name === undefined || add === del) return unsupported(`'net localgroup ${args.join(' ')}'`);
  // net.exe takes a group's name only: a SID string names no group (NetLocalGroup* look names up, not SIDs).
  const group = /^S-1-(\d+-)*\d+$/i.test(name) ? undefined : findGroupName(state, name);
  if (members.length === 0 && add) return attempt(() => createGroup(state, name, comment, actor));
  if (group === undefined) return systemError(SAM_ERRORS.noGroup());
  if (members.length === 0) return attempt(() => deleteGroup(state, group, actor));
  return attempt(() => {
    for (const m of members) {
      const acc = lookupAccount(state, m);
      if (!acc) throw new WindowsError(1332, NO_MAPPING);
      if (add && !addMember(state, group, acc, actor)) throw new WindowsError(1378, 'The specified account name is already a member of the group.');
      if (del && !removeMember(state, group, acc, actor)) throw new WindowsError(1377, 'The specified account name is not a member of the group.');
    }
    if (comment !== undefined) setGroupDescription(state, group, comment, actor);
  });
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
  if (verb === 'user') return user(state, args.slice(1), actor);
  if (verb === 'localgroup') return localgroup(state, args.slice(1), actor);
  if (verb === 'start' && names.length === 0) return listStarted(state);
  // net.exe joins the remaining words, so `net start Print Spooler` names the display name.
  const name = names.join(' ');
  if (verb === 'start') return start(state, name, actor);
  if (verb === 'stop' && name) return stop(state, name, yes, actor);
  return unsupported(`'net ${args.join(' ')}'`);
}
