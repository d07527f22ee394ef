/**
 * Local group members and user-right holders by SID, as NetLocalGroupGetMembers and LsaEnumerateAccountsWithUserRight
 * return them: every stored entry becomes { sid, name, type }, with name and type null for an orphaned SID (a deleted
 * account whose SID stays behind). Removal works by SID, orphans included, as NetLocalGroupDelMembers and
 * LsaRemoveAccountRights do. Every change is logged with the acting account, like sam.ts and lsa.ts.
 */
import { type Account, lookupAccount } from './accounts.ts';
import { grantRight } from './lsa.ts';
import { addMember } from './sam.ts';
import type { Actor } from './services.ts';
import type { HostState } from './state.ts';
import { WindowsError } from './windows-error.ts';

export interface SidEntry {
  sid: string;
  /** LookupAccountSid's DOMAIN\name; null for an orphaned SID. */
  name: string | null;
  /** SID_NAME_USE name; null for an orphaned SID. */
  type: string | null;
}

const SID_RE = /^S-1-(\d+-)*\d+$/i;

export function isSidString(text: string): boolean {
  return SID_RE.test(text.trim());
}

/** ERROR_INVALID_SID: what ConvertStringSidToSid's callers see for a malformed SID string. */
export function invalidSid(): WindowsError {
  return new WindowsError(1337, 'The security ID structure is invalid.');
}

/** SID_NAME_USE of a resolved account: local and BUILTIN groups are aliases; NT SERVICE and NT AUTHORITY names well-known groups. */
export function accountType(a: Account): string {
  return a.kind === 'user' ? 'User' : a.kind === 'group' ? 'Alias' : 'WellKnownGroup';
}

/** A stable stand-in SID for a stored name that no longer resolves and was not stored as a SID. */
function placeholderSid(text: string): string {
  let h = 2166136261;
  for (const ch of text.toUpperCase()) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `S-1-5-21-0-0-0-${h % 100000}`;
}

/** One stored member or holder (`HOST\user`, `BUILTIN\Users`, a SID string, secedit's `*S-1-…`) as a SID entry. */
export function storedEntry(state: HostState, stored: string): SidEntry {
  const text = stored.trim().replace(/^\*(?=S-1-)/i, '');
  const acc = lookupAccount(state, text);
  if (acc) return { sid: acc.sid, name: acc.name, type: accountType(acc) };
  return { sid: isSidString(text) ? text.toUpperCase() : placeholderSid(text), name: null, type: null };
}

function record(state: HostState, actor: Actor, what: string, target: string, detail: Record<string, unknown>): void {
  actor.log.append({ host: state.hostname, account: actor.account, what, target, detail });
}

// ---- local group members ----

export function groupMemberEntries(state: HostState, group: string): SidEntry[] {
  return (state.groups[group] ?? []).map((m) => storedEntry(state, m));
}

/**
 * NetLocalGroupAddMembers by SID: 1387 when the SID names no account (an orphan cannot be added), 1388 when it is
 * a local group (local groups do not nest). False when it is a member already.
 */
export function addGroupMemberBySid(state: HostState, group: string, sid: string, actor: Actor): boolean {
  if (!isSidString(sid)) throw invalidSid();
  const acc = lookupAccount(state, sid.trim());
  if (!acc) throw new WindowsError(1387, 'A new member could not be added to or removed from the local group because the member does not exist.');
  if (acc.kind === 'group') throw new WindowsError(1388, 'A new member could not be added to a local group because the member has the wrong account type.');
  if (groupMemberEntries(state, group).some((e) => e.sid.toUpperCase() === acc.sid.toUpperCase())) return false;
  return addMember(state, group, acc, actor);
}

/** NetLocalGroupDelMembers by SID (orphans too). False when no member has that SID. */
export function removeGroupMemberBySid(state: HostState, group: string, sid: string, actor: Actor): boolean {
  if (!isSidString(sid)) throw invalidSid();
  const want = sid.trim().toUpperCase();
  const members = state.groups[group] ?? [];
  const i = members.findIndex((m) => storedEntry(state, m).sid.toUpperCase() === want);
  if (i < 0) return false;
  const entry = storedEntry(state, members[i] as string);
  members.splice(i, 1);
  record(state, actor, 'group.remove_member', group, { member: entry.name ?? entry.sid });
  return true;
}

// ---- user-right holders ----

export function rightHolderEntries(state: HostState, right: string): SidEntry[] {
  return (state.rights[right] ?? []).map((h) => storedEntry(state, h));
}

function holderIndex(state: HostState, right: string, sid: string): number {
  const want = sid.trim().toUpperCase();
  return (state.rights[right] ?? []).findIndex((h) => storedEntry(state, h).sid.toUpperCase() === want);
}

/** LsaAddAccountRights: `right` must be the canonical constant (lsa.ts canonicalRight). LSA accepts an unmapped SID. */
export function grantRightBySid(state: HostState, right: string, sid: string, actor: Actor): boolean {
  if (!isSidString(sid)) throw invalidSid();
  if (holderIndex(state, right, sid) >= 0) return false;
  const acc = lookupAccount(state, sid.trim());
  if (acc) return grantRight(state, right, acc, actor);
  return grantRight(state, right, { kind: 'user', name: sid.trim().toUpperCase(), sid: sid.trim().toUpperCase() }, actor);
}

/** LsaRemoveAccountRights for one right, orphaned SIDs included. False when the SID does not hold it directly. */
export function revokeRightBySid(state: HostState, right: string, sid: string, actor: Actor): boolean {
  if (!isSidString(sid)) throw invalidSid();
  const i = holderIndex(state, right, sid);
  if (i < 0) return false;
  const list = state.rights[right] as string[];
  const entry = storedEntry(state, list[i] as string);
  list.splice(i, 1);
  record(state, actor, 'right.revoke', right, { account: entry.name ?? entry.sid });
  return true;
}
