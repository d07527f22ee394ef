/**
 * ansible.windows.win_regedit against the simulated registry (registry-hive.ts): data and type compared as
 * win_regedit.ps1 compares them, diff as .reg text from the request (so check mode shows the after too).
 */
import type { RegData, RegKey, RegType } from '../registry-types.ts';
import { RegistryError, createKey, deleteKey, deleteValue, getValue, openKey, regPath, setValue } from '../registry-hive.ts';
import type { Actor } from '../services.ts';
import { type Behaviour, ModuleFailure } from './types.ts';

interface Args {
  path: string;
  name?: string;
  data?: RegData;
  type?: RegType;
  state?: 'present' | 'absent';
  delete_key?: boolean;
}

const DOTNET_ROOT: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER', HKU: 'HKEY_USERS', HKCR: 'HKEY_CLASSES_ROOT', HKCC: 'HKEY_CURRENT_CONFIG',
};

function toNumber(v: unknown, type: RegType, max: bigint): number {
  const text = String(v);
  const n = /^0x[0-9a-f]+$/i.test(text) ? BigInt(text) : /^-?\d+$/.test(text) ? BigInt(text) : undefined;
  if (n === undefined || n < 0n || n > max) throw new ModuleFailure(`data for type ${type} must be an integer between 0 and ${max}, was '${text}'`);
  return Number(n);
}

/** ConvertTo-RegData in win_regedit.ps1. */
export function regData(data: RegData | undefined, type: RegType): RegData {
  if (type === 'multistring') return data === null || data === undefined ? [] : (Array.isArray(data) ? data : [data]).map(String);
  if (type === 'dword') return data === null || data === undefined ? 0 : toNumber(data, type, 0xffffffffn);
  if (type === 'qword') return data === null || data === undefined ? 0 : toNumber(data, type, 0xffffffffffffffffn);
  if (type === 'binary' || type === 'none') {
    if (data === null || data === undefined) return [];
    const items = typeof data === 'string' ? data.split(/[,\s]+/).filter(Boolean).map((b) => parseInt(b.replace(/^0x/i, ''), 16)) : (Array.isArray(data) ? data : [data]).map(Number);
    if (items.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) throw new ModuleFailure(`Value was either too large or too small for an unsigned byte.`);
    return items;
  }
  return data === null || data === undefined ? '' : Array.isArray(data) ? data.join(' ') : String(data);
}

const same = (a: RegData, b: RegData) => JSON.stringify(Array.isArray(a) ? a.map(String) : String(a)) === JSON.stringify(Array.isArray(b) ? b.map(String) : String(b));

/** Format-RegValue in win_regedit.ps1. */
function regLine(name: string, type: RegType, data: RegData): string {
  const label = name === '' ? '@' : `"${name}"`;
  if (type === 'dword') return `${label}=dword:${Number(data).toString(16).padStart(8, '0')}`;
  if (type === 'string') return `${label}="${String(data)}"`;
  return `${label}=${type}:${(Array.isArray(data) ? data : [data]).join(',')}`;
}

function snapshot(header: string, key: RegKey | undefined, name: string | undefined): string {
  if (!key) return '';
  const v = name !== undefined ? getValue(key, name) : undefined;
  return `${header}\r\n${v ? regLine(v.name, v.type, v.data) + '\r\n' : ''}`;
}

export const winRegedit: Behaviour = (state, rawArgs, ctx) => {
  const a = rawArgs as unknown as Args;
  const type = a.type ?? 'string';
  const wantState = a.state ?? 'present';
  const drive = /^(HKLM|HKCU|HKU|HKCR|HKCC):/i.exec(a.path)?.[1]?.toUpperCase();
  const p = regPath(state, a.path, ctx.account);
  if (!p || !drive) throw new ModuleFailure(`path: ${a.path} is not a valid powershell path, see module documentation for examples.`);
  const header = `[${[DOTNET_ROOT[drive], ...a.path.slice(drive.length + 1).split('\\').filter(Boolean)].join('\\')}]`;
  const actor: Actor = { account: ctx.account, log: ctx.log };
  const res = { changed: false, data_changed: false, data_type_changed: false };
  try {
    const key = openKey(state, p, ctx.account);
    const before = snapshot(header, key, a.name);
    let after = `${header}\r\n`;
    if (wantState === 'present') {
      if (!key) res.changed = true;
      if (a.name !== undefined) {
        const want = regData(a.data, type);
        const have = key ? getValue(key, a.name) : undefined;
        if (have) Object.assign(res, { data_type_changed: have.type !== type, data_changed: !same(have.data, want) });
        if (!have || res.data_changed || res.data_type_changed) res.changed = true;
        after += regLine(have?.name ?? a.name, type, want) + '\r\n';
        if (!ctx.check && res.changed) {
          createKey(state, p, actor);
          setValue(state, p, a.name, type, want, actor);
        }
      } else if (!ctx.check && res.changed) createKey(state, p, actor);
    } else if (key) {
      res.changed = a.name !== undefined ? !!getValue(key, a.name) : a.delete_key !== false || !!getValue(key, '');
      if (a.name === undefined && a.delete_key !== false) after = '';
      if (!ctx.check && res.changed) {
        if (a.name !== undefined) deleteValue(state, p, a.name, actor);
        else if (a.delete_key !== false) deleteKey(state, p, actor);
        else deleteValue(state, p, '', actor);
      }
    } else after = '';
    return { ...res, ...(ctx.diff ? { diff: { before, after } } : {}) };
  } catch (e) {
    if (e instanceof RegistryError) throw new ModuleFailure(e.message);
    throw e;
  }
};
