/**
 * ansible.windows.win_acl on the simulated volume: add or remove one explicit ACE. Unlike Ansible, an ACE that
 * already grants a superset of the requested rights with the same identity, type, inheritance and propagation
 * counts as present, so Modify requested where FullControl is granted reports ok, not changed. Adding to an ACE
 * with the same flags merges the rights, as .NET's AddAccessRule does; absent removes the requested bits
 * (RemoveAccessRule) and drops an ACE left with nothing but Synchronize.
 */
import { NOT_TRANSLATED, allAces, sameIdentity, translateIdentity } from '../fs-acl.ts';
import { fsOf, requireNode, setAcl } from '../fs.ts';
import { SYNCHRONIZE, covers, parseRights, ruleMask } from '../fs-rights.ts';
import type { Ace, Acl, InheritFlag, Propagation } from '../fs-types.ts';
import { actorOf, fsStep, pathArg } from './fs-common.ts';
import { type Behaviour, ModuleFailure } from './types.ts';
import { aclText } from './win-acl-view.ts';

function flagsOf(value: unknown, isDir: boolean): InheritFlag[] {
  if (!isDir) return [];
  const text = value === undefined ? 'ContainerInherit, ObjectInherit' : Array.isArray(value) ? value.join(',') : String(value);
  const flags = text.split(',').map((s) => s.trim().toLowerCase());
  return (['ContainerInherit', 'ObjectInherit'] as const).filter((f) => flags.includes(f.toLowerCase()));
}

function sameFlags(a: Ace, type: string, inherit: InheritFlag[], prop: Propagation): boolean {
  return a.type === type && a.propagation === prop && a.inherit.length === inherit.length && a.inherit.every((f) => inherit.includes(f));
}

export const winAcl: Behaviour = (state, args, ctx) => {
  const path = pathArg(args.path, ctx);
  const node = fsStep(() => requireNode(state, path));
  const identity = translateIdentity(state, String(args.user));
  if (!identity) throw new ModuleFailure(`Exception calling "Translate" with "1" argument(s): "${NOT_TRANSLATED}"`);
  const { mask, unknown } = parseRights(args.rights as string | string[]);
  if (unknown.length) throw new ModuleFailure(`Cannot convert value "${unknown.join(', ')}" to type "System.Security.AccessControl.FileSystemRights".`);
  const type = (args.type as 'allow' | 'deny') ?? 'allow';
  const inherit = flagsOf(args.inherit, node.kind === 'directory');
  const prop = (node.kind === 'directory' ? (args.propagation as Propagation | undefined) : undefined) ?? 'None';
  const acl: Acl = structuredClone(node.acl);
  const rights = ruleMask(mask, type);
  const same = acl.aces.filter((a) => sameIdentity(a.identity, identity) && sameFlags(a, type, inherit, prop));
  let changed = false;
  if (args.state === 'absent') {
    for (const a of same.filter((x) => (x.rights & mask & ~SYNCHRONIZE) !== 0)) {
      a.rights &= ~(mask & ~SYNCHRONIZE);
      changed = true;
    }
    acl.aces = acl.aces.filter((a) => (a.rights & ~SYNCHRONIZE) !== 0);
  } else if (!same.some((a) => covers(a.rights, mask))) {
    changed = true;
    const merge = same[0];
    if (merge) merge.rights |= rights;
    else acl.aces.push({ identity, rights, type, inherit, propagation: prop, inherited: false });
  }
  const fs = fsOf(state);
  const beforeText = ctx.diff ? aclText(allAces(fs, node), node.acl.protected) : '';
  if (changed && !ctx.check) fsStep(() => setAcl(state, path, acl, actorOf(ctx), 'acl.set', { user: identity, state: args.state ?? 'present' }));
  const afterText = ctx.diff ? aclText(allAces(fs, { ...node, acl }), acl.protected) : '';
  return { changed, path, ...(ctx.diff ? { diff: { before: beforeText, after: afterText } } : {}) };
};
