/**
 * ansible.windows.win_file on the simulated volume: file (must exist), directory (created with its parents),
 * absent (removed recursively), touch (created or its write time updated; always changed, as in Ansible).
 */
import { getNode, makeDirectory, removeItem, touch } from '../fs.ts';
import { actorOf, fsStep, pathArg } from './fs-common.ts';
import { type Behaviour, ModuleFailure } from './types.ts';

type Kind = 'absent' | 'file' | 'directory';

export const winFile: Behaviour = (state, args, ctx) => {
  const path = pathArg(args.path, ctx);
  const want = args.state as 'file' | 'directory' | 'absent' | 'touch' | undefined;
  const node = getNode(state, path);
  const before: Kind = node ? node.kind : 'absent';
  const result = (changed: boolean, after: Kind) => ({
    changed,
    path,
    ...(ctx.diff ? { diff: { before: { path, state: before }, after: { path, state: after } } } : {}),
  });
  const actor = actorOf(ctx);
  switch (want) {
    case 'absent':
      if (node && !ctx.check) fsStep(() => removeItem(state, path, actor));
      return result(node !== undefined, 'absent');
    case 'directory':
      if (node?.kind === 'file') throw new ModuleFailure(`path ${path} is not a directory`);
      if (!node && !ctx.check) fsStep(() => makeDirectory(state, path, actor));
      return result(!node, 'directory');
    case 'touch':
      if (!ctx.check) fsStep(() => touch(state, path, actor));
      return result(true, node?.kind ?? 'file');
    default:
      if (!node) throw new ModuleFailure(`path ${path} will not be created`);
      if (want === 'file' && node.kind === 'directory') throw new ModuleFailure(`path ${path} exists but is not a file`);
      return result(false, node.kind);
  }
};
