/**
 * Verbs only the user layer's providers call (user-layer/*.cs), for what a provider does on Windows that no façade
 * verb does: open a file for writing (the access check happens at open, before any byte is written) and move or
 * rename an item in one step. They run on the same host model with the acting account's rights and log as it
 * logs; they are not part of the host façade (src/hostapi/contract.ts), which modules use.
 */
import { hasAccess } from '../host/fs-acl.ts';
import { FsError, fsOf, getNode, moveFile } from '../host/fs.ts';
import { keyOf, parentOf } from '../host/fs-path.ts';
import { defaultVolume } from '../host/fs-defaults.ts';
import { WindowsError } from '../host/windows-error.ts';
import { io, itemOf, pathOf, winErr } from '../windows/files.ts';
import { type SimVerbTable, type VerbContext } from '../windows/types.ts';

const WRITE_DATA = 2;

export const USER_LAYER_VERBS: SimVerbTable = {
  /**
   * Get-WbItem without creating the default volume in the host state when no file was touched yet: opening a user
   * runspace looks at its start folder, and a read must not show up as a change of the host (setup's and async
   * jobs' runspaces are opened the same way).
   */
  'Sim-GetItem': (ctx, args) => {
    const path = pathOf(ctx, args);
    const n = ctx.state.fs ? getNode(ctx.state, path) : defaultVolume(ctx.state.hostname).nodes[keyOf(path)];
    return n ? itemOf(n) : null;
  },

  /** FileStream(path, OpenOrCreate, Write)'s access check: WriteData on the file, or on its folder to create it. */
  'Sim-TestWriteAccess': (ctx, args) => {
    const path = pathOf(ctx, args);
    const n = getNode(ctx.state, path);
    if (n?.kind === 'directory') throw winErr(5);
    const parent = parentOf(path);
    const folder = parent === undefined ? undefined : getNode(ctx.state, parent);
    if (!n && folder?.kind !== 'directory') throw winErr(3);
    const target = n ?? folder;
    if (!target || !hasAccess(fsOf(ctx.state), ctx.state, target, ctx.account, WRITE_DATA)) throw winErr(5);
    return true;
  },

  /** [IO.File]::Move: one step, logged as a move of the file. */
  'Sim-MoveFile': (ctx, args) => {
    const from = pathOf(ctx, args, 'Source');
    const to = pathOf(ctx, args, 'Destination');
    if (getNode(ctx.state, to)) throw new WindowsError(183, 'Cannot create a file when that file already exists.');
    io(() => moveFile(ctx.state, from, to, { account: ctx.account, log: ctx.log }));
    ctx.log.append({ host: ctx.state.hostname, account: ctx.account, what: 'file.move', target: from, detail: { to } });
    return undefined;
  },
};

/** Runs a user-layer verb, or returns undefined when `verb` is not one (the caller then runs a façade verb). */
export function userLayerVerb(ctx: VerbContext, verb: string, args: Record<string, unknown>): { value: unknown } | undefined {
  const fn = USER_LAYER_VERBS[verb];
  if (!fn) return undefined;
  try {
    return { value: fn(ctx, args) };
  } catch (e) {
    if (e instanceof FsError) throw winErr(e.code);
    throw e;
  }
}
