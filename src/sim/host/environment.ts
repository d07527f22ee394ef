/**
 * Environment variables by level, where Windows keeps them: machine in HKLM\…\Session Manager\Environment, user in
 * the account's HKU\<SID>\Environment, process in the agent's own block (HostState.process_env, gone at reboot).
 * A set keeps an existing REG_EXPAND_SZ (or uses it for a value with %VAR%): .NET's SetEnvironmentVariable
 * writes REG_SZ and so breaks a Path that relies on %SystemRoot%; winbook's module does not.
 */
import { MACHINE_ENV_KEY } from './registry-defaults.ts';
import { createKey, deleteValue, getValue, openKey, regPath, setValue } from './registry-hive.ts';
import type { RegPath } from './registry-path.ts';
import type { Actor } from './services.ts';
import type { HostState } from './state.ts';

export type EnvLevel = 'machine' | 'user' | 'process';

function keyPath(state: HostState, level: 'machine' | 'user', account: string): RegPath {
  const p = regPath(state, level === 'machine' ? `HKLM:\\${MACHINE_ENV_KEY}` : 'HKCU:\\Environment', account);
  if (!p) throw new Error('unreachable: fixed registry paths parse');
  return p;
}

/** The process block the agent starts with: machine then user values (expansion not modelled). */
export function processEnv(state: HostState, account: string): Record<string, string> {
  if (state.process_env) return { ...state.process_env };
  const env: Record<string, string> = {};
  for (const level of ['machine', 'user'] as const) {
    const key = openKey(state, keyPath(state, level, account), account);
    for (const v of Object.values(key?.values ?? {})) env[v.name] = String(v.data);
  }
  return env;
}

function findName(env: Record<string, string>, name: string): string | undefined {
  return Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
}

/** [Environment]::GetEnvironmentVariable(name, level): undefined when unset. */
export function getEnv(state: HostState, level: EnvLevel, name: string, account: string): string | undefined {
  if (level === 'process') {
    const env = processEnv(state, account);
    const k = findName(env, name);
    return k === undefined ? undefined : env[k];
  }
  const key = openKey(state, keyPath(state, level, account), account);
  const v = key ? getValue(key, name) : undefined;
  return v ? String(v.data) : undefined;
}

/** Sets (value) or removes (undefined) one variable; throws RegistryError when the level is not writable. */
export function setEnv(state: HostState, level: EnvLevel, name: string, value: string | undefined, actor: Actor): void {
  if (level === 'process') {
    const env = processEnv(state, actor.account);
    const k = findName(env, name);
    if (k !== undefined) delete env[k];
    if (value !== undefined) env[k ?? name] = value;
    state.process_env = env;
    actor.log.append({ host: state.hostname, account: actor.account, what: value === undefined ? 'env.remove' : 'env.set', target: `process:${name}` });
    return;
  }
  const p = keyPath(state, level, actor.account);
  if (value === undefined) {
    deleteValue(state, p, name, actor);
    return;
  }
  createKey(state, p, actor);
  const existing = getValue(openKey(state, p, actor.account)!, name);
  const type = existing?.type === 'expandstring' || /%[^%]+%/.test(value) ? 'expandstring' : 'string';
  setValue(state, p, name, type, value, actor);
}
