/**
 * Files and folders (contract/files.ts) on the simulated volume (src/sim/host/fs*.ts). The volume model keeps
 * Windows' rules (ACL checks for the acting account, what may be created where) and logs every change; these
 * handlers only translate parameters, shape results and turn the model's refusals into Win32 errors.
 */
import { createHash } from 'node:crypto';
import { hasAccess } from '../host/fs-acl.ts';
import {
  FsError, type FsActor, childrenOf, fsOf, getNode, hashOf, makeDirectory, readFile, removeItem, requireNode, resolvePath, stagedPath, touch, writeFile,
} from '../host/fs.ts';
import { baseName, isBelow, parentOf } from '../host/fs-path.ts';
import type { FsNode } from '../host/fs-types.ts';
import type { HostState } from '../host/state.ts';
import { WindowsError } from '../host/windows-error.ts';
import { type SimVerbTable, type VerbContext, bool, reqStr, str } from './types.ts';

/** FormatMessage texts (en-US) of the Win32 errors the file and ACL verbs raise. */
export const FS_MESSAGES: Record<number, string> = {
  2: 'The system cannot find the file specified.',
  3: 'The system cannot find the path specified.',
  5: 'Access is denied.',
  13: 'The data is invalid.',
  29: 'The system cannot write to the specified device.',
  32: 'The process cannot access the file because it is being used by another process.',
  80: 'The file exists.',
  87: 'The parameter is incorrect.',
  112: 'There is not enough space on the disk.',
  123: 'The filename, directory name, or volume label syntax is incorrect.',
  183: 'Cannot create a file when that file already exists.',
  223: 'The file size exceeds the limit allowed and cannot be saved.',
  1332: 'No mapping between account names and security IDs was done.',
  1337: 'The security ID structure is invalid.',
};

export function winErr(code: number): WindowsError {
  return new WindowsError(code, FS_MESSAGES[code] ?? `Unknown error (0x${code.toString(16)})`);
}

/** Runs a volume operation; the model's FsError becomes the Win32 error Windows raises. */
export function io<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (e instanceof FsError) throw winErr(e.code);
    throw e;
  }
}

export function actorOf(ctx: VerbContext): FsActor {
  return { account: ctx.account, log: ctx.log };
}

/** The full path a parameter names for the acting account. */
export function pathOf(ctx: VerbContext, args: Record<string, unknown>, name = 'Path'): string {
  return io(() => resolvePath(reqStr(args, name), ctx.account));
}

const READ_DATA = 1;
const MIB = 1024 * 1024;

/** FileAttributes names in the order [IO.FileAttributes]::ToString() prints them. */
function attributesOf(n: FsNode): string[] {
  const hidden = n.hidden ?? false;
  const system = hidden && n.kind === 'directory'; // the default volume's only hidden folder is a system one
  return [...(hidden ? ['Hidden'] : []), ...(system ? ['System'] : []), n.kind === 'directory' ? 'Directory' : 'Archive'];
}

export function itemOf(n: FsNode): Record<string, unknown> {
  const name = baseName(n.path) || n.path;
  const dot = name.lastIndexOf('.');
  const attributes = attributesOf(n);
  return {
    Path: n.path,
    Name: name,
    Type: n.kind,
    Size: n.kind === 'file' ? n.size : 0,
    Extension: n.kind === 'file' && dot > 0 ? name.slice(dot) : '',
    Attributes: attributes,
    IsReadOnly: attributes.includes('ReadOnly'),
    IsHidden: attributes.includes('Hidden'),
    IsArchive: attributes.includes('Archive'),
    IsReparsePoint: false,
    CreationTime: n.ctime / 1000,
    LastWriteTime: n.mtime / 1000,
    LastAccessTime: n.mtime / 1000,
  };
}

const ADMIN_SHARES: Record<string, string> = { 'c:\\': 'C$', 'c:\\windows': 'ADMIN$' };

const ALGORITHMS = new Set(['md5', 'sha1', 'sha256', 'sha384', 'sha512']);

function checkKey(key: string): void {
  if (!/^[0-9a-f]{16,64}$/.test(key)) throw winErr(123);
}

function listable(state: HostState, ctx: VerbContext, n: FsNode): void {
  if (!hasAccess(fsOf(state), state, n, ctx.account, READ_DATA)) throw winErr(5);
}

export const filesVerbs: SimVerbTable = {
  'Resolve-WbPath': (ctx, args) => pathOf(ctx, args),

  'Get-WbItem': (ctx, args) => {
    const n = getNode(ctx.state, pathOf(ctx, args));
    return n ? itemOf(n) : null;
  },

  'Get-WbChildItem': (ctx, args) => {
    const path = pathOf(ctx, args);
    const dir = getNode(ctx.state, path);
    if (!dir || dir.kind !== 'directory') throw winErr(3);
    listable(ctx.state, ctx, dir);
    const items = bool(args, 'Recurse')
      ? Object.values(fsOf(ctx.state).nodes).filter((c) => isBelow(c.path, dir.path))
      : childrenOf(ctx.state, dir.path);
    return items.sort((a, b) => a.path.toLowerCase().localeCompare(b.path.toLowerCase())).map(itemOf);
  },

  'Get-WbFileHash': (ctx, args) => {
    const path = pathOf(ctx, args);
    const algorithm = reqStr(args, 'Algorithm').toLowerCase();
    if (!ALGORITHMS.has(algorithm)) throw winErr(87);
    const data = io(() => readFile(ctx.state, path, ctx.account));
    return createHash(algorithm).update(data).digest('hex');
  },

  'Read-WbFile': (ctx, args) => {
    const path = pathOf(ctx, args);
    const max = Number(args.MaxBytes ?? MIB);
    const n = io(() => requireNode(ctx.state, path));
    if (n.kind === 'file' && n.size > max) throw winErr(223);
    return io(() => readFile(ctx.state, path, ctx.account)).toString('base64');
  },

  'Write-WbFile': (ctx, args) => {
    const path = pathOf(ctx, args);
    const data = Buffer.from(reqStr(args, 'Data'), 'base64');
    const n = getNode(ctx.state, path);
    if (n?.kind === 'file' && hashOf(n) === createHash('sha256').update(data).digest('hex')) return false;
    io(() => writeFile(ctx.state, path, data, actorOf(ctx)));
    return true;
  },

  'New-WbDirectory': (ctx, args) => {
    const path = pathOf(ctx, args);
    const n = getNode(ctx.state, path);
    if (n?.kind === 'directory') return false;
    io(() => makeDirectory(ctx.state, path, actorOf(ctx)));
    return true;
  },

  'Remove-WbItem': (ctx, args) => {
    const path = pathOf(ctx, args);
    if (!getNode(ctx.state, path)) return false;
    io(() => removeItem(ctx.state, path, actorOf(ctx)));
    return true;
  },

  'Copy-WbFile': (ctx, args) => {
    const source = pathOf(ctx, args, 'Source');
    const dest = pathOf(ctx, args, 'Destination');
    const data = io(() => readFile(ctx.state, source, ctx.account));
    const existing = getNode(ctx.state, dest);
    if (existing?.kind === 'directory') throw winErr(5);
    if (existing && !bool(args, 'Overwrite')) throw winErr(80);
    const parent = parentOf(dest);
    if (parent === undefined || getNode(ctx.state, parent)?.kind !== 'directory') throw winErr(3);
    io(() => writeFile(ctx.state, dest, data, actorOf(ctx)));
    return undefined;
  },

  'Set-WbFileTime': (ctx, args) => {
    const path = pathOf(ctx, args);
    io(() => requireNode(ctx.state, path));
    const seconds = str(args, 'LastWriteTime');
    io(() => touch(ctx.state, path, actorOf(ctx), seconds === undefined ? Date.now() : Number(seconds) * 1000));
    return undefined;
  },

  // A member server shares its system drive (C$) and Windows folder (ADMIN$) for administration; the model has no
  // other shares (IPC$ has no path).
  'Get-WbShareName': (ctx, args) => ADMIN_SHARES[pathOf(ctx, args).toLowerCase()] ?? null,

  'Get-WbStagedFile': (ctx, args) => {
    const key = reqStr(args, 'Key');
    checkKey(key);
    const n = getNode(ctx.state, stagedPath(ctx.account, key));
    return n ? { Path: n.path, Size: n.size, Sha256: hashOf(n) } : null;
  },

  'Move-WbStagedFile': (ctx, args) => {
    const key = reqStr(args, 'Key');
    checkKey(key);
    const dest = pathOf(ctx, args, 'Destination');
    const part = stagedPath(ctx.account, key);
    const staged = getNode(ctx.state, part);
    if (!staged) throw winErr(2);
    const actor = actorOf(ctx);
    if (hashOf(staged) !== reqStr(args, 'Sha256').toLowerCase()) {
      io(() => removeItem(ctx.state, part, actor));
      throw winErr(13);
    }
    const existing = getNode(ctx.state, dest);
    if (existing?.kind === 'directory') throw winErr(5);
    let changed = false;
    if (!existing || hashOf(existing) !== hashOf(staged)) {
      const parent = parentOf(dest);
      if (parent === undefined || getNode(ctx.state, parent)?.kind !== 'directory') throw winErr(3);
      const data = io(() => readFile(ctx.state, part, ctx.account));
      io(() => writeFile(ctx.state, dest, data, actor));
      changed = true;
    }
    io(() => removeItem(ctx.state, part, actor));
    return changed;
  },
};
