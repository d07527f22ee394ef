/** Shared by the file-system module behaviours: the acting account, path resolution and Windows' error texts. */
import { FsError, type FsActor, resolvePath } from '../fs.ts';
import { type BehaviourContext, ModuleFailure } from './types.ts';

export function actorOf(ctx: BehaviourContext): FsActor {
  return { account: ctx.account, log: ctx.log };
}

/** Runs a file-system step; an FsError becomes the module's failure with Windows' message unchanged. */
export function fsStep<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    if (e instanceof FsError) throw new ModuleFailure(e.message, { error_category: e.category });
    throw e;
  }
}

export function pathArg(value: unknown, ctx: BehaviourContext, opts: { wildcards?: boolean } = {}): string {
  return fsStep(() => resolvePath(String(value ?? ''), ctx.account, opts));
}
