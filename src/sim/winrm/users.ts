/**
 * Maps the user and domain an NTLM client sent to a local account. A workgroup host knows only its own SAM, so the
 * domain must be empty, `.`, or the host itself (its NetBIOS name or a DNS name starting with it).
 */
import type { SimUser } from './types.ts';

export interface ResolvedUser {
  /** Account name as the client spelled it, without any domain part (WinRS shows it as the shell Owner). */
  name: string;
  account: SimUser;
}

/** `user`, `HOST\user`, `.\user`, `user@host`: NTLM clients split a backslash form into domain and user themselves. */
export function resolveUser(
  users: Map<string, SimUser>,
  computerName: string,
  username: string,
  domain: string,
): ResolvedUser | undefined {
  let name = username;
  let dom = domain;
  const slash = name.indexOf('\\');
  if (slash >= 0) {
    dom = name.slice(0, slash);
    name = name.slice(slash + 1);
  }
  const at = name.lastIndexOf('@');
  if (at >= 0) {
    if (dom !== '') return undefined; // a UPN carries its own domain; both at once is not a local logon
    dom = name.slice(at + 1);
    name = name.slice(0, at);
  }
  if (!isThisHost(dom, computerName)) return undefined;
  const account = users.get(name.toLowerCase());
  return account ? { name, account } : undefined;
}

function isThisHost(domain: string, computerName: string): boolean {
  if (domain === '' || domain === '.') return true;
  const host = computerName.toLowerCase();
  const d = domain.toLowerCase();
  return d === host || d.split('.')[0] === host || d === 'localhost';
}
