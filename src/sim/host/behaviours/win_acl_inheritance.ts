/**
 * ansible.windows.win_acl_inheritance on the simulated volume. absent disables inheritance (reorganize: keep the
 * inherited ACEs as explicit copies, SetAccessRuleProtection($true, $true)); present enables it (reorganize:
 * drop explicit ACEs that duplicate an inherited one).
 */
import { allAces } from '../fs-acl.ts';
import { fsOf, requireNode, setAcl } from '../fs.ts';
import type { Ace, Acl } from '../fs-types.ts';
import { actorOf, fsStep, pathArg } from './fs-common.ts';
import type { Behaviour } from './types.ts';
import { aclText } from './win-acl-view.ts';

const key = (a: Ace) => [a.identity.toLowerCase(), a.type, a.rights, [...a.inherit].sort().join(','), a.propagation].join('|');

export const winAclInheritance: Behaviour = (state, args, ctx) => {
  const path = pathArg(args.path, ctx);
  const node = fsStep(() => requireNode(state, path));
  const fs = fsOf(state);
  const enable = args.state === 'present';
  const reorganize = args.reorganize === true;
  if (node.acl.protected === !enable) return { changed: false, path };
  const acl: Acl = structuredClone(node.acl);
  acl.protected = !enable;
  if (!enable && reorganize) {
    const inherited = allAces(fs, node).filter((a) => a.inherited).map((a) => ({ ...a, inherited: false }));
    const have = new Set(acl.aces.map(key));
    acl.aces.push(...inherited.filter((a) => !have.has(key(a))));
  }
  if (enable && reorganize) {
    const inherited = new Set(allAces(fs, { ...node, acl }).filter((a) => a.inherited).map(key));
    acl.aces = acl.aces.filter((a) => !inherited.has(key(a)));
  }
  const diff = ctx.diff ? { diff: { before: aclText(allAces(fs, node), node.acl.protected), after: aclText(allAces(fs, { ...node, acl }), acl.protected) } } : {};
  if (!ctx.check) fsStep(() => setAcl(state, path, acl, actorOf(ctx), enable ? 'acl.inheritance.enable' : 'acl.inheritance.disable', { reorganize }));
  return { changed: true, path, ...diff };
};
