/** The environment verbs (contract/environment.ts) on the host model's environment (host/environment.ts). */
import { type EnvLevel, getEnv, setEnv } from '../host/environment.ts';
import { expandEnv, sessionEnvironment } from '../host/fs-path.ts';
import { REGISTRY_DENIED, RegistryError } from '../host/registry-hive.ts';
import { WindowsError } from '../host/windows-error.ts';
import { type SimVerbTable, type VerbContext, reqStr, str } from './types.ts';

function levelOf(args: Record<string, unknown>): EnvLevel {
  const t = reqStr(args, 'Target').toLowerCase();
  if (t !== 'machine' && t !== 'user' && t !== 'process') throw new WindowsError(87, 'The parameter is incorrect.');
  return t;
}

function step<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RegistryError) throw new WindowsError(5, e.message === REGISTRY_DENIED ? REGISTRY_DENIED : e.message);
    throw e;
  }
}

/** Set by the logon for the connecting account, over what the machine key says (USERNAME=SYSTEM there). */
const LOGON = new Set(['USERNAME', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH', 'APPDATA', 'LOCALAPPDATA']);

/**
 * One variable of the agent's process block: the logon's own values, then the machine/user/process values the host
 * holds (REG_EXPAND_SZ ones expanded against the logon values, as Windows builds the block), then the session
 * defaults.
 */
function processValue(ctx: VerbContext, name: string): string | undefined {
  const session = sessionEnvironment(ctx.account);
  const upper = name.toUpperCase();
  if (LOGON.has(upper)) return session[upper];
  const held = getEnv(ctx.state, 'process', name, ctx.account);
  return held === undefined ? session[upper] : expandEnv(held, session);
}

export const environmentVerbs: SimVerbTable = {
  // No window on a simulated host listens for WM_SETTINGCHANGE: the broadcast changes nothing in the model.
  'Send-WbSettingChange': () => undefined,
  'Expand-WbEnvironmentString': (ctx, args) => reqStr(args, 'Text').replace(/%([^%]+)%/g, (m, name: string) => processValue(ctx, name) ?? m),
  'Get-WbEnvironmentVariable': (ctx, args) => {
    const level = levelOf(args);
    return step(() => getEnv(ctx.state, level, reqStr(args, 'Name'), ctx.account)) ?? null;
  },
  'Set-WbEnvironmentVariable': (ctx, args) => {
    const level = levelOf(args);
    const name = reqStr(args, 'Name');
    const value = str(args, 'Value') || undefined;
    return step(() => {
      const before = getEnv(ctx.state, level, name, ctx.account);
      if (before === value) return false;
      setEnv(ctx.state, level, name, value, { account: ctx.account, log: ctx.log });
      return true;
    });
  },
};
