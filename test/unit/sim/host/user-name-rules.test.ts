/**
 * Names the local SAM refuses: NetUserAdd answers NERR_BadUsername (2202, "The specified username is invalid."),
 * NetLocalGroupAdd ERROR_INVALID_ACCOUNT_NAME (1315, "The name provided is not a properly formed account name.").
 * Checked on every path that creates accounts: sam.ts directly, and `net user` / `net localgroup` through cmd.exe.
 */
import { describe, expect, it } from 'vitest';
import { checkGroupName, checkUserName, ILLEGAL_NAME_CHARS, nameProblem } from '../../../../src/sim/host/account-names.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { createGroup, createUser, findGroupName, findLocalUser, groupMembers } from '../../../../src/sim/host/sam.ts';
import { defaultHostState } from '../../../../src/sim/host/state.ts';
import { WindowsError } from '../../../../src/sim/host/windows-error.ts';
import { SimHost } from '../../../../src/sim/host/host.ts';
import { ctx } from './run.ts';

const PASSWORD = 'Valid-Passw0rd!';
const CRLF = '\r\n';

function refusal(fn: () => unknown): { code: number; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WindowsError) return { code: e.code, message: e.message };
    throw e;
  }
  return undefined;
}

const BAD_USER = { code: 2202, message: 'The specified username is invalid.' };
const BAD_GROUP = { code: 1315, message: 'The name provided is not a properly formed account name.' };

describe('user names (NetUserAdd)', () => {
  it('refuses each of " / \\ [ ] : ; | = , + * ? < > with 2202, creating and logging nothing', () => {
    expect([...ILLEGAL_NAME_CHARS].sort()).toEqual([...'"/\\[]:;|=,+*?<>'].sort());
    for (const c of ILLEGAL_NAME_CHARS) {
      const s = defaultHostState('win01');
      const log = new RehearsalLog();
      const users = s.users.length;
      expect(refusal(() => createUser(s, `a${c}b`, PASSWORD, { account: 'Administrator', log })), c).toEqual(BAD_USER);
      expect(s.users).toHaveLength(users);
      expect(log.entries()).toEqual([]);
    }
  });

  it('refuses control characters, names of only dots and spaces, empty names and names over 20 characters', () => {
    const s = defaultHostState('win01');
    const log = new RehearsalLog();
    for (const name of ['tab\there', 'bell\u0007', '.', '...', ' ', '. .', '', 'a'.repeat(21)]) {
      expect(refusal(() => createUser(s, name, PASSWORD, { account: 'Administrator', log })), JSON.stringify(name)).toEqual(BAD_USER);
    }
    expect(nameProblem('a'.repeat(21), 20)).toBe('longer than 20 characters');
    expect(nameProblem('a;b', 20)).toBe("contains ';'");
  });

  it('accepts 20 characters, @, dots, spaces, dashes and non-ASCII letters inside a name', () => {
    const s = defaultHostState('win01');
    const log = new RehearsalLog();
    for (const name of ['a'.repeat(20), 'svc@qlik', 'first.last', 'Qlik Service', 'svc-qlik_2', 'Jürgen', '.hidden']) {
      expect(() => createUser(s, name, PASSWORD, { account: 'Administrator', log }), name).not.toThrow();
      expect(findLocalUser(s, name)?.name).toBe(name);
    }
    expect(() => checkUserName('svc@qlik')).not.toThrow();
  });

  it('checks the name before the account exists check and the password policy, as NetUserAdd does', () => {
    const s = defaultHostState('win01');
    const log = new RehearsalLog();
    expect(refusal(() => createUser(s, 'bad|name', 'x', { account: 'Administrator', log }))).toEqual(BAD_USER);
    expect(refusal(() => createUser(s, 'Administrator', PASSWORD, { account: 'Administrator', log }))?.code).toBe(2224);
  });
});

describe('local group names (NetLocalGroupAdd)', () => {
  it('refuses the same characters, dots/spaces-only names and names over 256 characters with 1315', () => {
    const s = defaultHostState('win01');
    const log = new RehearsalLog();
    for (const name of [...[...ILLEGAL_NAME_CHARS].map((c) => `Qlik${c}Users`), '..', '  ', 'g'.repeat(257)]) {
      expect(refusal(() => createGroup(s, name, undefined, { account: 'Administrator', log })), name).toEqual(BAD_GROUP);
      expect(findGroupName(s, name)).toBeUndefined();
    }
    expect(log.entries()).toEqual([]);
  });

  it('accepts names up to 256 characters, spaces and @', () => {
    const s = defaultHostState('win01');
    const log = new RehearsalLog();
    for (const name of ['Qlik Sense Service Users', 'g'.repeat(256), 'ops@site']) {
      expect(() => createGroup(s, name, undefined, { account: 'Administrator', log }), name).not.toThrow();
      expect(findGroupName(s, name)).toBe(name);
    }
    expect(() => checkGroupName('Qlik Sense Service Users')).not.toThrow();
  });
});

describe('net user and net localgroup go through the same rules', () => {
  function host(): SimHost {
    return new SimHost({ name: 'win01', log: new RehearsalLog(), adminPassword: 'S3cret!' });
  }
  function net(h: SimHost, line: string): { stdout: string; stderr: string; rc: number } {
    const d = h.start(line, ctx, false).drain();
    return { stdout: d.stdout.toString('latin1'), stderr: d.stderr.toString('latin1'), rc: d.rc };
  }

  it('net user "a;b" P /add: the NERR text and NET HELPMSG 2202, exit 2, no account', () => {
    const h = host();
    const before = h.state.users.length;
    expect(net(h, `net user "a;b" ${PASSWORD} /add`)).toEqual({
      stdout: '', stderr: `The specified username is invalid.${CRLF}${CRLF}More help is available by typing NET HELPMSG 2202.${CRLF}${CRLF}`, rc: 2,
    });
    expect(net(h, `net user averyveryverylongusername ${PASSWORD} /add`).stderr).toContain('NET HELPMSG 2202');
    expect(h.state.users).toHaveLength(before);
    expect(h.log.entries()).toEqual([]);
  });

  it('net localgroup "a|b" /add: System error 1315, exit 2', () => {
    const h = host();
    expect(net(h, 'net localgroup "Qlik|Users" /add')).toEqual({
      stdout: '', stderr: `System error 1315 has occurred.${CRLF}${CRLF}The name provided is not a properly formed account name.${CRLF}${CRLF}`, rc: 2,
    });
  });

  it('valid names work: the user joins Users, then a built-in group by name; net.exe does not take a SID for the group', () => {
    const h = host();
    const ok = { stdout: `The command completed successfully.${CRLF}${CRLF}`, stderr: '', rc: 0 };
    expect(net(h, `net user qliksvc ${PASSWORD} /add`)).toEqual(ok);
    expect(groupMembers(h.state, 'Users')).toContain('WIN01\\qliksvc');
    expect(net(h, 'net localgroup "Performance Monitor Users" qliksvc /add')).toEqual(ok);
    expect(groupMembers(h.state, 'Performance Monitor Users')).toEqual(['WIN01\\qliksvc']);
    expect(net(h, 'net localgroup "Performance Monitor Users" qliksvc /add').stderr).toBe(
      `System error 1378 has occurred.${CRLF}${CRLF}The specified account name is already a member of the group.${CRLF}${CRLF}`,
    );
    expect(net(h, 'net localgroup S-1-5-32-558 qliksvc /add').stderr).toBe(`System error 1376 has occurred.${CRLF}${CRLF}The specified local group does not exist.${CRLF}${CRLF}`);
    expect(net(h, 'net localgroup Users nobody /add').stderr).toBe(`System error 1332 has occurred.${CRLF}${CRLF}No mapping between account names and security IDs was done.${CRLF}${CRLF}`);
    expect(net(h, `net user qliksvc ${PASSWORD} /add`).stderr).toBe(`The account already exists.${CRLF}${CRLF}More help is available by typing NET HELPMSG 2224.${CRLF}${CRLF}`);
    expect(net(h, 'net user qliksvc /delete')).toEqual(ok);
    expect(net(h, 'net user qliksvc /delete').stderr).toBe(`The user name could not be found.${CRLF}${CRLF}More help is available by typing NET HELPMSG 2221.${CRLF}${CRLF}`);
    expect(net(h, 'net user Guest /delete').stderr).toBe(`System error 1371 has occurred.${CRLF}${CRLF}Cannot perform this operation on built-in accounts.${CRLF}${CRLF}`);
    expect(h.log.entries().map((e) => e.what)).toEqual(['user.create', 'group.add_member', 'user.delete']);
  });
});
