/**
 * NTFS access control (contract/acl.ts) on the simulated volume: the ACL model of src/sim/host/fs-acl.ts (explicit
 * ACEs stored, inherited ones derived from the parents) and .NET's FileSecurity semantics for adding, removing and
 * protecting rules. Writes go through setAcl, which checks WRITE_DAC for the acting account and logs the change.
 */
import { allAces, hasAccess, identityOfSid, identitySid, sameIdentity } from '../host/fs-acl.ts';
import { fsOf, requireNode, setAcl } from '../host/fs.ts';
import { SYNCHRONIZE, formatRights, parseRights, ruleMask } from '../host/fs-rights.ts';
import type { Ace, Acl, FsNode, InheritFlag, Propagation } from '../host/fs-types.ts';
import type { HostState } from '../host/state.ts';
import { actorOf, io, pathOf, winErr } from './files.ts';
import { type SimVerbTable, type VerbContext, bool, reqStr, str } from './types.ts';

const READ_CONTROL = 131072;

function ruleOf(state: HostState, a: Ace): Record<string, unknown> {
  return {
    Identity: a.identity,
    Sid: identitySid(state, a.identity) ?? '',
    Type: a.type === 'allow' ? 'Allow' : 'Deny',
    Rights: formatRights(a.rights),
    RightsMask: a.rights,
    InheritanceFlags: a.inherit.length ? a.inherit.join(', ') : 'None',
    PropagationFlags: a.propagation,
    IsInherited: a.inherited,
  };
}

/** An ACL as Get-WbAcl returns it; `acl` replaces the node's stored one (a preview). */
export function aclView(state: HostState, node: FsNode, acl: Acl = node.acl): Record<string, unknown> {
  return {
    Path: node.path,
    Owner: acl.owner,
    OwnerSid: identitySid(state, acl.owner) ?? '',
    Protected: acl.protected,
    Rules: allAces(fsOf(state), { ...node, acl }).map((a) => ruleOf(state, a)),
  };
}

interface RuleArgs {
  identity: string;
  mask: number;
  type: 'allow' | 'deny';
  inherit: InheritFlag[];
  propagation: Propagation;
}

function ruleArgs(state: HostState, node: FsNode, args: Record<string, unknown>): RuleArgs {
  const sid = reqStr(args, 'Sid');
  if (!/^S-1-(\d+-)*\d+$/i.test(sid)) throw winErr(1337);
  const identity = identityOfSid(state, sid);
  if (identity === undefined) throw winErr(1332);
  const { mask, unknown } = parseRights(reqStr(args, 'Rights'));
  if (unknown.length || mask === 0) throw winErr(87);
  const type = reqStr(args, 'Type').toLowerCase();
  if (type !== 'allow' && type !== 'deny') throw winErr(87);
  const flags = (str(args, 'InheritanceFlags') ?? 'None').split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '' && s !== 'none');
  if (flags.some((f) => f !== 'containerinherit' && f !== 'objectinherit')) throw winErr(87);
  const inherit = (['ContainerInherit', 'ObjectInherit'] as const).filter((f) => flags.includes(f.toLowerCase()));
  const propagation = (['None', 'NoPropagateInherit', 'InheritOnly'] as const).find((p) => p.toLowerCase() === (str(args, 'PropagationFlags') ?? 'None').toLowerCase());
  if (propagation === undefined) throw winErr(87);
  // A file's ACL is not a container's: .NET refuses inheritable rules there ("No flags can be set.").
  if (node.kind === 'file' && (inherit.length > 0 || propagation !== 'None')) throw winErr(87);
  return { identity, mask, type, inherit, propagation };
}

function sameRule(a: Ace, r: RuleArgs): boolean {
  return sameIdentity(a.identity, r.identity) && a.type === r.type && a.propagation === r.propagation &&
    a.inherit.length === r.inherit.length && a.inherit.every((f) => r.inherit.includes(f));
}

function key(a: Ace): string {
  return [a.identity.toLowerCase(), a.type, a.rights, [...a.inherit].sort().join(','), a.propagation].join('|');
}

/** Write the ACL unless previewing; the result every mutator returns. */
function finish(ctx: VerbContext, node: FsNode, acl: Acl, args: Record<string, unknown>, what: string, detail: Record<string, unknown>): Record<string, unknown> {
  const changed = JSON.stringify(acl) !== JSON.stringify(node.acl);
  if (changed && !bool(args, 'Preview')) io(() => setAcl(ctx.state, node.path, acl, actorOf(ctx), what, detail));
  const current = bool(args, 'Preview') ? acl : node.acl;
  return { Changed: changed, Acl: aclView(ctx.state, node, current) };
}

export const aclVerbs: SimVerbTable = {
  'Get-WbAcl': (ctx, args) => {
    const node = io(() => requireNode(ctx.state, pathOf(ctx, args)));
    if (!hasAccess(fsOf(ctx.state), ctx.state, node, ctx.account, READ_CONTROL)) throw winErr(5);
    return aclView(ctx.state, node);
  },

  'Add-WbAccessRule': (ctx, args) => {
    const node = io(() => requireNode(ctx.state, pathOf(ctx, args)));
    const r = ruleArgs(ctx.state, node, args);
    const acl: Acl = structuredClone(node.acl);
    const rights = ruleMask(r.mask, r.type);
    // AddAccessRule merges into an explicit ACE with the same account, type and flags.
    const merge = acl.aces.find((a) => sameRule(a, r));
    if (merge) merge.rights |= rights;
    else acl.aces.push({ identity: r.identity, rights, type: r.type, inherit: r.inherit, propagation: r.propagation, inherited: false });
    return finish(ctx, node, acl, args, 'acl.set', { user: r.identity, state: 'present' });
  },

  'Remove-WbAccessRule': (ctx, args) => {
    const node = io(() => requireNode(ctx.state, pathOf(ctx, args)));
    const r = ruleArgs(ctx.state, node, args);
    const acl: Acl = structuredClone(node.acl);
    const bits = r.mask & ~SYNCHRONIZE;
    for (const a of acl.aces) if (sameRule(a, r)) a.rights &= ~bits;
    acl.aces = acl.aces.filter((a) => (a.rights & ~SYNCHRONIZE) !== 0);
    return finish(ctx, node, acl, args, 'acl.set', { user: r.identity, state: 'absent' });
  },

  'Set-WbAclInheritance': (ctx, args) => {
    const node = io(() => requireNode(ctx.state, pathOf(ctx, args)));
    const enabled = bool(args, 'Enabled') ?? true;
    const preserve = bool(args, 'PreserveInherited') ?? false;
    const acl: Acl = structuredClone(node.acl);
    if (acl.protected === !enabled) return { Changed: false, Acl: aclView(ctx.state, node) };
    if (!enabled && preserve) {
      const have = new Set(acl.aces.map(key));
      const inherited = allAces(fsOf(ctx.state), node).filter((a) => a.inherited).map((a) => ({ ...a, inherited: false }));
      acl.aces.push(...inherited.filter((a) => !have.has(key(a))));
    }
    acl.protected = !enabled;
    return finish(ctx, node, acl, args, enabled ? 'acl.inheritance.enable' : 'acl.inheritance.disable', { preserve });
  },
};
