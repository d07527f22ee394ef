/**
 * The simulated host's file system: lookups and changes on the node table of fs-types.ts, each checked against
 * the node's ACL for the acting account and failing with the words Windows uses. Every change is appended to the
 * rehearsal log. `fsOf` creates the default volume (fs-defaults.ts) the first time a host's files are touched,
 * so states saved before the volume existed keep working.
 */
import { createHash } from 'node:crypto';
import { defaultVolume } from './fs-defaults.ts';
import { hasAccess } from './fs-acl.ts';
import { fullPath, invalidName, isBelow, keyOf, parentOf, sessionEnvironment } from './fs-path.ts';
import type { Acl, FsNode, FsState } from './fs-types.ts';
import type { RehearsalLog } from './rehearsal-log.ts';
import type { HostState } from './state.ts';

/** A file-system failure with Windows' own message (what $_.Exception.Message shows). */
export class FsError extends Error {
  constructor(
    message: string,
    readonly category: 'ItemNotFound' | 'PermissionDenied' | 'InvalidArgument' | 'ResourceExists' | 'WriteError',
    /** The Win32 error behind it (what the façade throws): 2, 3, 5, 123, 183, … */
    readonly code: number = CATEGORY_CODE[category],
  ) {
    super(message);
    this.name = 'FsError';
  }
}

const CATEGORY_CODE: Record<FsError['category'], number> = { ItemNotFound: 2, PermissionDenied: 5, InvalidArgument: 123, ResourceExists: 183, WriteError: 29 };

export interface FsActor {
  account: string;
  log: RehearsalLog;
}

const READ_DATA = 1;
const WRITE_DATA = 2;
const CREATE_DIRECTORIES = 4;
const DELETE = 65536;
const DELETE_CHILD = 64;
const CHANGE_PERMISSIONS = 262144;

export const notFound = (p: string) => new FsError(`Cannot find path '${p}' because it does not exist.`, 'ItemNotFound');
export const denied = (p: string) => new FsError(`Access to the path '${p}' is denied.`, 'PermissionDenied');
const partMissing = (p: string) => new FsError(`Could not find a part of the path '${p}'.`, 'ItemNotFound', 3);

export function fsOf(state: HostState): FsState {
  state.fs ??= defaultVolume(state.hostname);
  return state.fs;
}

/** The full path `text` names for `account` (env vars expanded), or an FsError as Windows reports a bad path. */
export function resolvePath(text: string, account: string, opts: { wildcards?: boolean } = {}): string {
  const env = sessionEnvironment(account);
  const p = fullPath(text, env, env.USERPROFILE);
  if (p === undefined || invalidName(opts.wildcards ? p.replace(/[*?]/g, '') : p)) throw new FsError(`The given path's format is not supported.`, 'InvalidArgument');
  return p;
}

export function getNode(state: HostState, path: string): FsNode | undefined {
  return fsOf(state).nodes[keyOf(path)];
}

export function requireNode(state: HostState, path: string): FsNode {
  const n = getNode(state, path);
  if (!n) throw notFound(path);
  return n;
}

export function childrenOf(state: HostState, dir: string): FsNode[] {
  const depth = dir.split('\\').filter((s) => s !== '').length + 1;
  return Object.values(fsOf(state).nodes).filter((n) => isBelow(n.path, dir) && n.path.split('\\').length === depth);
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function check(state: HostState, node: FsNode, account: string, mask: number): void {
  if (!hasAccess(fsOf(state), state, node, account, mask)) throw denied(node.path);
}

export function readFile(state: HostState, path: string, account: string): Buffer {
  const n = requireNode(state, path);
  if (n.kind === 'directory') throw denied(path);
  check(state, n, account, READ_DATA);
  return Buffer.from(n.content ?? '', 'base64');
}

function newNode(path: string, kind: FsNode['kind'], owner: string): FsNode {
  const now = Date.now();
  return { path, kind, size: 0, mtime: now, ctime: now, acl: { owner, protected: false, aces: [] }, ...(kind === 'file' ? { content: '', sha256: sha256Hex(Buffer.alloc(0)) } : {}) };
}

function ownerName(state: HostState, account: string): string {
  // Files an administrator creates are owned by BUILTIN\Administrators (the default owner of an elevated admin).
  return /^(.*\\)?administrator$/i.test(account) ? 'BUILTIN\\Administrators' : account.includes('\\') ? account : `${state.hostname}\\${account}`;
}

/** The parent directory of a new item, checked for `mask`. */
function parentFor(state: HostState, path: string, account: string, mask: number): FsNode {
  const pp = parentOf(path);
  const parent = pp === undefined ? undefined : getNode(state, pp);
  if (!parent || parent.kind !== 'directory') throw partMissing(path);
  // Windows names the item being created, not the folder that refused it.
  if (!hasAccess(fsOf(state), state, parent, account, mask)) throw denied(path);
  return parent;
}

/** Create or overwrite a file (Set-Content / [IO.File]::WriteAllBytes semantics). */
export function writeFile(state: HostState, path: string, data: Buffer, actor: FsActor): FsNode {
  let n = getNode(state, path);
  if (n?.kind === 'directory') throw denied(path);
  if (n) check(state, n, actor.account, WRITE_DATA);
  else {
    parentFor(state, path, actor.account, WRITE_DATA);
    n = newNode(path, 'file', ownerName(state, actor.account));
    fsOf(state).nodes[keyOf(path)] = n;
  }
  n.content = data.toString('base64');
  n.sha256 = sha256Hex(data);
  n.size = data.length;
  n.mtime = Date.now();
  log(state, actor, 'file.write', n.path, { size: n.size, sha256: n.sha256 });
  return n;
}

/** New-Item -ItemType Directory -Force: creates missing parents; an existing file in the way is an error. */
export function makeDirectory(state: HostState, path: string, actor: FsActor): FsNode {
  const existing = getNode(state, path);
  if (existing?.kind === 'directory') return existing;
  if (existing) throw new FsError(`An item with the specified name ${path} already exists.`, 'ResourceExists');
  const pp = parentOf(path);
  if (pp !== undefined && !getNode(state, pp)) makeDirectory(state, pp, actor);
  parentFor(state, path, actor.account, CREATE_DIRECTORIES);
  const n = newNode(path, 'directory', ownerName(state, actor.account));
  fsOf(state).nodes[keyOf(path)] = n;
  log(state, actor, 'dir.create', path);
  return n;
}

/** Remove-Item -Recurse -Force. */
export function removeItem(state: HostState, path: string, actor: FsActor): void {
  const n = requireNode(state, path);
  const pp = parentOf(path);
  const parent = pp === undefined ? undefined : getNode(state, pp);
  if (!parent) throw denied(path);
  // -Recurse lists a folder before deleting it, which needs ListDirectory on the folder itself.
  if (n.kind === 'directory') check(state, n, actor.account, READ_DATA);
  const viaParent = hasAccess(fsOf(state), state, parent, actor.account, DELETE_CHILD);
  if (!viaParent) check(state, n, actor.account, DELETE);
  const nodes = fsOf(state).nodes;
  const below = Object.values(nodes).filter((c) => isBelow(c.path, path));
  for (const c of below) check(state, c, actor.account, DELETE);
  for (const c of below) delete nodes[keyOf(c.path)];
  delete nodes[keyOf(path)];
  log(state, actor, n.kind === 'file' ? 'file.remove' : 'dir.remove', n.path, below.length ? { items: below.length } : undefined);
}

/** Update the last write time, creating an empty file when none exists (win_file state=touch). */
export function touch(state: HostState, path: string, actor: FsActor, mtime: number = Date.now()): FsNode {
  const n = getNode(state, path);
  if (!n) return writeFile(state, path, Buffer.alloc(0), actor);
  check(state, n, actor.account, 256 /* WriteAttributes */);
  n.mtime = mtime;
  log(state, actor, 'file.touch', n.path);
  return n;
}

/** Set-Acl: needs WRITE_DAC (ChangePermissions) or ownership. */
export function setAcl(state: HostState, path: string, acl: Acl, actor: FsActor, what: string, detail?: Record<string, unknown>): void {
  const n = requireNode(state, path);
  check(state, n, actor.account, CHANGE_PERMISSIONS);
  n.acl = structuredClone(acl);
  log(state, actor, what, n.path, detail);
}

function log(state: HostState, actor: FsActor, what: string, target: string, detail?: Record<string, unknown>): void {
  actor.log.append({ host: state.hostname, account: actor.account, what, target, ...(detail ? { detail } : {}) });
}

/**
 * Append to a file (how the agent stages an upload, one chunk per line). Not logged per chunk: the module that
 * consumes the staged file logs the change that matters. Base64 strings concatenate exactly while the existing
 * size is a multiple of 3, which the agent's chunk size guarantees; otherwise the content is re-encoded.
 */
export function appendFile(state: HostState, path: string, data: Buffer, actor: FsActor): FsNode {
  const n = getNode(state, path);
  if (!n) return writeFile(state, path, data, actor);
  if (n.kind === 'directory') throw denied(path);
  check(state, n, actor.account, 4 /* AppendData */);
  n.content = n.size % 3 === 0 ? (n.content ?? '') + data.toString('base64') : Buffer.concat([Buffer.from(n.content ?? '', 'base64'), data]).toString('base64');
  n.size += data.length;
  delete n.sha256;
  n.mtime = Date.now();
  return n;
}

/**
 * Put the file `from` at `to`, as [IO.File]::Replace (an existing destination keeps its ACL) or [IO.File]::Move:
 * needs Delete on the source (or Delete Child on its folder) and WriteData on the destination or its folder. Not
 * logged: the caller logs what the move means (an upload).
 */
export function moveFile(state: HostState, from: string, to: string, actor: FsActor): FsNode {
  const src = getNode(state, from);
  if (!src) throw new FsError(`Could not find file '${from}'.`, 'ItemNotFound');
  if (src.kind === 'directory') throw denied(from);
  const pp = parentOf(from);
  const folder = pp === undefined ? undefined : getNode(state, pp);
  if (!folder || !hasAccess(fsOf(state), state, folder, actor.account, DELETE_CHILD)) check(state, src, actor.account, DELETE);
  const nodes = fsOf(state).nodes;
  let dst = getNode(state, to);
  if (dst?.kind === 'directory') throw denied(to);
  if (dst) {
    check(state, dst, actor.account, WRITE_DATA);
    Object.assign(dst, { content: src.content, sha256: src.sha256, size: src.size, mtime: Date.now() });
  } else {
    parentFor(state, to, actor.account, WRITE_DATA);
    dst = src;
    dst.path = to;
    nodes[keyOf(to)] = dst;
  }
  delete nodes[keyOf(from)];
  return dst;
}

/** The SHA-256 of a file's content (cached on the node). */
export function hashOf(n: FsNode): string {
  n.sha256 ??= sha256Hex(Buffer.from(n.content ?? '', 'base64'));
  return n.sha256;
}

/** Where the agent stages an upload for `account`: `%TEMP%\winbook-upload-KEY.part` (see docs/agent.md). */
export function stagedPath(account: string, key: string): string {
  return `${sessionEnvironment(account).TEMP}\\winbook-upload-${key}.part`;
}
