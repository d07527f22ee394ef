/**
 * The agent process's whole environment block, as Windows builds it at logon: the logon's own variables (profile,
 * user and computer names, the system folders) under their Windows names, then the machine and user variables
 * (REG_EXPAND_SZ expanded against the logon's), then what the process itself set. Names keep Windows' case
 * (`SystemRoot`, `ProgramData`, `windir`), which templates reading `ansible_env` depend on.
 */
import { processEnv } from '../host/environment.ts';
import { expandEnv, sessionEnvironment } from '../host/fs-path.ts';
import type { VerbContext } from './types.ts';

/** sessionEnvironment's upper-case names as Windows spells them. */
const WINDOWS_NAMES: Record<string, string> = {
  SYSTEMDRIVE: 'SystemDrive',
  SYSTEMROOT: 'SystemRoot',
  WINDIR: 'windir',
  PROGRAMDATA: 'ProgramData',
  ALLUSERSPROFILE: 'ALLUSERSPROFILE',
  PROGRAMFILES: 'ProgramFiles',
  'PROGRAMFILES(X86)': 'ProgramFiles(x86)',
  COMMONPROGRAMFILES: 'CommonProgramFiles',
  PUBLIC: 'PUBLIC',
  USERPROFILE: 'USERPROFILE',
  HOMEDRIVE: 'HOMEDRIVE',
  HOMEPATH: 'HOMEPATH',
  APPDATA: 'APPDATA',
  LOCALAPPDATA: 'LOCALAPPDATA',
  TEMP: 'TEMP',
  TMP: 'TMP',
  USERNAME: 'USERNAME',
};

/** Set by the logon for the connecting account, over what the machine key says (USERNAME=SYSTEM there). */
const LOGON = new Set(['USERNAME', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH', 'APPDATA', 'LOCALAPPDATA', 'COMPUTERNAME', 'USERDOMAIN']);

export function processEnvironmentBlock(ctx: VerbContext): Record<string, string> {
  const session = sessionEnvironment(ctx.account);
  const block: Record<string, string> = {};
  const put = (name: string, value: string): void => {
    for (const k of Object.keys(block)) if (k.toUpperCase() === name.toUpperCase()) delete block[k];
    block[name] = value;
  };
  for (const [upper, value] of Object.entries(session)) put(WINDOWS_NAMES[upper] ?? upper, value);
  put('COMPUTERNAME', ctx.state.hostname);
  const qualified = ctx.account.includes('\\') ? ctx.account.split('\\')[0]! : '';
  put('USERDOMAIN', qualified && qualified !== '.' ? qualified.toUpperCase() : ctx.state.hostname);
  for (const [name, raw] of Object.entries(processEnv(ctx.state, ctx.account))) {
    if (LOGON.has(name.toUpperCase())) continue;
    put(name, expandEnv(raw, session));
  }
  return Object.fromEntries(Object.entries(block).sort(([a], [b]) => a.toUpperCase().localeCompare(b.toUpperCase())));
}
