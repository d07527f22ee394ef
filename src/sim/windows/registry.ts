/**
 * The registry verbs (contract/registry.ts) on the simulated registry (host/registry-hive.ts), which keeps Windows'
 * access rules and writes the rehearsal log. Data crosses the façade typed: REG_MULTI_SZ as a string array,
 * REG_BINARY/REG_NONE as base64, REG_DWORD/REG_QWORD as unsigned numbers (a signed long is read with unchecked
 * semantics, as RegistryKey.SetValue stores the bit pattern). QWORDs above 2^53 lose precision in the simulator.
 */
import { REGISTRY_DENIED, RegistryError, createKey, deleteKey, deleteValue, getValue, openKey, regPath, setValue } from '../host/registry-hive.ts';
import { loadHive, unloadHive } from '../host/registry-hive-file.ts';
import type { RegPath } from '../host/registry-path.ts';
import type { RegData, RegType, RegValue } from '../host/registry-types.ts';
import { WindowsError } from '../host/windows-error.ts';
import { type SimVerbTable, type VerbContext, bool, reqStr, str, strList } from './types.ts';

const KINDS: Record<string, RegType> = {
  string: 'string', expandstring: 'expandstring', multistring: 'multistring', dword: 'dword', qword: 'qword', binary: 'binary', none: 'none',
};
const REG_NAMES: Record<RegType, string> = {
  string: 'REG_SZ', expandstring: 'REG_EXPAND_SZ', multistring: 'REG_MULTI_SZ', dword: 'REG_DWORD', qword: 'REG_QWORD', binary: 'REG_BINARY', none: 'REG_NONE',
};
const DOTNET_ROOT: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER', HKU: 'HKEY_USERS', HKCR: 'HKEY_CLASSES_ROOT', HKCC: 'HKEY_CURRENT_CONFIG',
};

const invalid = () => new WindowsError(87, 'The parameter is incorrect.');

function pathOf(ctx: VerbContext, args: Record<string, unknown>): [RegPath, string] {
  const text = reqStr(args, 'Path');
  const p = regPath(ctx.state, text, ctx.account);
  const drive = /^(HKLM|HKCU|HKU|HKCR|HKCC):/i.exec(text)?.[1]?.toUpperCase();
  if (!p || !drive) throw invalid();
  // RegistryKey.Name: the root's name and the sub-key path as it was opened.
  const name = [DOTNET_ROOT[drive], ...text.slice(drive.length + 1).split('\\').filter(Boolean)].join('\\');
  return [p, name];
}

/** The host model's RegistryError as the Win32Exception the Windows side throws. */
function step<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RegistryError) {
      if (e.message === REGISTRY_DENIED) throw new WindowsError(5, REGISTRY_DENIED);
      throw new WindowsError(2, 'The system cannot find the file specified.');
    }
    throw e;
  }
}

function bytesOf(data: RegData): number[] {
  if (data === null) return [];
  return (Array.isArray(data) ? data : [data]).map((b) => Number(b) & 0xff);
}

/** A stored value as the contract shows it. */
export function valueOut(v: RegValue): { Name: string; Type: string; Data: unknown } {
  let data: unknown;
  switch (v.type) {
    case 'multistring':
      data = v.data === null ? [] : (Array.isArray(v.data) ? v.data : [v.data]).map(String);
      break;
    case 'dword':
      data = Number(v.data ?? 0) >>> 0;
      break;
    case 'qword': {
      const n = Math.trunc(Number(v.data ?? 0));
      const u = n < 0 ? BigInt.asUintN(64, BigInt(n)) : BigInt(n);
      // Above 2^53 a JSON number would print rounded (2^63 as 9223372036854776000): decimal text keeps the digits.
      data = u > BigInt(Number.MAX_SAFE_INTEGER) ? u.toString() : Number(u);
      break;
    }
    case 'binary':
    case 'none':
      data = Buffer.from(bytesOf(v.data)).toString('base64');
      break;
    default:
      data = v.data === null ? '' : String(v.data);
  }
  return { Name: v.name, Type: REG_NAMES[v.type], Data: data };
}

/** The data parameter matching the kind, as the host model stores it. */
function dataIn(type: RegType, args: Record<string, unknown>): RegData {
  switch (type) {
    case 'multistring':
      return strList(args, 'MultiString') ?? [];
    case 'dword': {
      const n = Number(args.Number ?? 0);
      if (!Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) throw invalid();
      return n >>> 0;
    }
    case 'qword':
      // Kept as the signed reading (what RegistryKey.GetValue returns): -1 is exact where 2^64-1 is not.
      return Math.trunc(Number(args.Number ?? 0));
    case 'binary':
    case 'none':
      return [...Buffer.from(str(args, 'Binary') ?? '', 'base64')];
    default:
      return str(args, 'String') ?? '';
  }
}

function sameData(a: RegValue, type: RegType, data: RegData): boolean {
  if (a.type !== type) return false;
  const before = valueOut(a).Data;
  const after = valueOut({ name: a.name, type, data }).Data;
  return JSON.stringify(before) === JSON.stringify(after);
}

/** CreateSubKey('') and DeleteSubKeyTree('') on a hive root are refused. */
function notRoot(p: RegPath): void {
  if (p.parts.length === 0) throw invalid();
}

export const registryVerbs: SimVerbTable = {
  'Get-WbRegistryKey': (ctx, args) => {
    const [p, name] = pathOf(ctx, args);
    const key = step(() => openKey(ctx.state, p, ctx.account));
    if (!key) return { Exists: false, Name: name, Values: [], SubKeys: [] };
    return {
      Exists: true,
      Name: name,
      Values: Object.values(key.values).map(valueOut),
      SubKeys: Object.values(key.keys).map((k) => k.name),
    };
  },
  'New-WbRegistryKey': (ctx, args) => {
    const [p] = pathOf(ctx, args);
    notRoot(p);
    return step(() => createKey(ctx.state, p, { account: ctx.account, log: ctx.log }));
  },
  'Set-WbRegistryValue': (ctx, args) => {
    const [p] = pathOf(ctx, args);
    const type = KINDS[reqStr(args, 'Kind').toLowerCase()];
    if (!type) throw invalid();
    const name = reqStr(args, 'Name');
    const data = dataIn(type, args);
    return step(() => {
      const key = openKey(ctx.state, p, ctx.account);
      if (!key) throw new WindowsError(2, 'The system cannot find the file specified.');
      const have = getValue(key, name);
      if (have && sameData(have, type, data)) return false;
      setValue(ctx.state, p, name, type, data, { account: ctx.account, log: ctx.log });
      return true;
    });
  },
  'Remove-WbRegistryValue': (ctx, args) => {
    const [p] = pathOf(ctx, args);
    const name = reqStr(args, 'Name');
    return step(() => {
      const key = openKey(ctx.state, p, ctx.account);
      if (!key || !getValue(key, name)) return false;
      return deleteValue(ctx.state, p, name, { account: ctx.account, log: ctx.log });
    });
  },
  'Mount-WbRegistryHive': (ctx, args) => {
    loadHive(ctx.state, reqStr(args, 'Key'), reqStr(args, 'Path'), ctx.account);
    return undefined;
  },
  'Dismount-WbRegistryHive': (ctx, args) => {
    unloadHive(ctx.state, reqStr(args, 'Key'), { account: ctx.account, log: ctx.log });
    return undefined;
  },
  'Remove-WbRegistryKey': (ctx, args) => {
    const [p] = pathOf(ctx, args);
    notRoot(p);
    return step(() => {
      const key = openKey(ctx.state, p, ctx.account);
      if (!key) return false;
      if (!bool(args, 'Recurse') && Object.keys(key.keys).length > 0) {
        throw new WindowsError(1020, 'Registry key has subkeys and recursive removes are not supported by this method.');
      }
      return deleteKey(ctx.state, p, { account: ctx.account, log: ctx.log });
    });
  },
};
