/**
 * Which names the local SAM accepts for a new user or local group, and the errors Windows gives for the rest.
 *
 * Users (NetUserAdd): at most 20 characters (LM20_UNLEN); none of the characters `" / \ [ ] : ; | = , + * ? < >`
 * nor a control character (1-31); not only dots and/or spaces. `@` is allowed by NetUserAdd (only the LocalAccounts
 * cmdlets' help lists it as invalid). Refused with NERR_BadUsername, 2202.
 * Local groups (NetLocalGroupAdd): the same characters and the same dots/spaces rule, at most 256 characters
 * (GNLEN). Refused with ERROR_INVALID_ACCOUNT_NAME, 1315, which the SAM's STATUS_INVALID_ACCOUNT_NAME maps to.
 */
import { WindowsError } from './windows-error.ts';

/** NERR_* (lmerr.h, 2100-2999) texts as `net helpmsg N` prints them on Windows Server 2019 (en-US). */
export const NERR_MESSAGES: Record<number, string> = {
  2202: 'The specified username is invalid.',
  2221: 'The user name could not be found.',
  2224: 'The account already exists.',
  2245: 'The password does not meet the password policy requirements. Check the minimum password length, password complexity and password history requirements.',
};

/** Win32 texts for the account-name errors (FormatMessage, en-US). */
export const ACCOUNT_NAME_MESSAGES: Record<number, string> = {
  1315: 'The name provided is not a properly formed account name.',
  1371: 'Cannot perform this operation on built-in accounts.',
  1376: 'The specified local group does not exist.',
  1379: 'The specified local group already exists.',
};

export const NERR_BAD_USERNAME = 2202;
export const ERROR_INVALID_ACCOUNT_NAME = 1315;

/** The characters NetUserAdd and NetLocalGroupAdd refuse in a name (lmcons.h ILLEGAL_NAME_CHARS without `@`). */
export const ILLEGAL_NAME_CHARS = '"/\\[]:;|=,+*?<>';
export const MAX_USER_NAME = 20;
export const MAX_GROUP_NAME = 256;

/** Why `name` is not a valid local account name, or undefined. */
export function nameProblem(name: string, max: number): string | undefined {
  if (name.length === 0) return 'empty';
  if (name.length > max) return `longer than ${max} characters`;
  const bad = [...name].find((c) => ILLEGAL_NAME_CHARS.includes(c) || c.charCodeAt(0) < 32);
  if (bad !== undefined) return `contains ${bad.charCodeAt(0) < 32 ? `control character ${bad.charCodeAt(0)}` : `'${bad}'`}`;
  if (/^[. ]+$/.test(name)) return 'only dots and spaces';
  return undefined;
}

export function badUserName(): WindowsError {
  return new WindowsError(NERR_BAD_USERNAME, NERR_MESSAGES[NERR_BAD_USERNAME] as string);
}

export function badGroupName(): WindowsError {
  return new WindowsError(ERROR_INVALID_ACCOUNT_NAME, ACCOUNT_NAME_MESSAGES[ERROR_INVALID_ACCOUNT_NAME] as string);
}

/** Throws NERR_BadUsername (2202) unless NetUserAdd would accept `name`. */
export function checkUserName(name: string): void {
  if (nameProblem(name, MAX_USER_NAME) !== undefined) throw badUserName();
}

/** Throws ERROR_INVALID_ACCOUNT_NAME (1315) unless NetLocalGroupAdd would accept `name`. */
export function checkGroupName(name: string): void {
  if (nameProblem(name, MAX_GROUP_NAME) !== undefined) throw badGroupName();
}
