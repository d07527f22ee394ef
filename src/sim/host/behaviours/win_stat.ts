/** ansible.windows.win_stat on the simulated volume: Ansible's `stat` fields, checksum on request. */
import { createHash } from 'node:crypto';
import { childrenOf, getNode, readFile } from '../fs.ts';
import { baseName } from '../fs-path.ts';
import type { FsNode } from '../fs-types.ts';
import type { HostState } from '../state.ts';
import { fsStep, pathArg } from './fs-common.ts';
import type { Behaviour } from './types.ts';

function dirSize(state: HostState, n: FsNode): number {
  return childrenOf(state, n.path).reduce((s, c) => s + (c.kind === 'file' ? c.size : dirSize(state, c)), 0);
}

export const winStat: Behaviour = (state, args, ctx) => {
  const path = pathArg(args.path, ctx);
  const n = getNode(state, path);
  if (!n) return { changed: false, stat: { exists: false } };
  const name = baseName(n.path) || n.path;
  const isdir = n.kind === 'directory';
  const dot = name.lastIndexOf('.');
  const stat: Record<string, unknown> = {
    exists: true, path: n.path, filename: name, isdir, isreg: !isdir, islnk: false, isjunction: false, isshared: false,
    ishidden: n.hidden ?? false, isreadonly: false, isarchive: !isdir,
    attributes: [isdir ? 'Directory' : 'Archive', ...(n.hidden ? ['Hidden'] : [])].join(', '),
    size: isdir ? dirSize(state, n) : n.size, owner: n.acl.owner, nlink: 1,
    creationtime: n.ctime / 1000, lastwritetime: n.mtime / 1000, lastaccesstime: n.mtime / 1000,
    ...(isdir ? {} : { extension: dot > 0 ? name.slice(dot) : '' }),
  };
  if (!isdir && args.get_checksum !== false) {
    const data = fsStep(() => readFile(state, n.path, ctx.account));
    stat.checksum = createHash(String(args.checksum_algorithm ?? 'sha1')).update(data).digest('hex');
  }
  return { changed: false, stat };
};
