/**
 * The built-in local groups and accounts of a fresh Windows Server 2019 member server: names, well-known SIDs,
 * descriptions, default members; each group resolvable by name (any case, with or without BUILTIN\) and by SID
 * string; saved states from before these existed still load.
 */
import { describe, expect, it } from 'vitest';
import { groupsOf, holdsRight, isAdmin, lookupAccount } from '../../../../src/sim/host/accounts.ts';
import { BUILTIN_LOCAL_GROUPS, BUILTIN_LOCAL_USERS, builtinGroup, builtinGroupBySid } from '../../../../src/sim/host/builtin-accounts.ts';
import { SimHost } from '../../../../src/sim/host/host.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { createUser, deleteGroup, deleteUser, findGroupBySid, findGroupName, findLocalUser, groupDescription, groupMembers, groupSid } from '../../../../src/sim/host/sam.ts';
import { defaultHostState, fromJSON, toJSON } from '../../../../src/sim/host/state.ts';
import { WindowsError } from '../../../../src/sim/host/windows-error.ts';
import { installQlik } from '../../../../src/sim/qlik/install.ts';

const actor = () => ({ account: 'WIN01\\Administrator', log: new RehearsalLog() });

/** A Server 2019 member server's groups, by RID (Get-LocalGroup | Select Name, SID). */
const SERVER_2019: Record<number, string> = {
  544: 'Administrators', 545: 'Users', 546: 'Guests', 547: 'Power Users', 550: 'Print Operators', 551: 'Backup Operators',
  552: 'Replicator', 555: 'Remote Desktop Users', 556: 'Network Configuration Operators', 558: 'Performance Monitor Users',
  559: 'Performance Log Users', 562: 'Distributed COM Users', 568: 'IIS_IUSRS', 569: 'Cryptographic Operators', 573: 'Event Log Readers',
  574: 'Certificate Service DCOM Access', 575: 'RDS Remote Access Servers', 576: 'RDS Endpoint Servers', 577: 'RDS Management Servers',
  578: 'Hyper-V Administrators', 579: 'Access Control Assistance Operators', 580: 'Remote Management Users', 581: 'System Managed Accounts Group',
  582: 'Storage Replica Administrators', 583: 'Device Owners',
};

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WindowsError) return e.code;
    throw e;
  }
  return undefined;
}

describe('built-in local groups', () => {
  it('a fresh host has the 25 groups of a Server 2019 member server, and no domain-controller-only ones', () => {
    const s = defaultHostState('win01');
    expect(Object.keys(s.groups).sort()).toEqual(Object.values(SERVER_2019).sort());
    expect(BUILTIN_LOCAL_GROUPS.map((g) => [g.rid, g.name])).toEqual(Object.entries(SERVER_2019).map(([rid, n]) => [Number(rid), n]));
    for (const dcOnly of ['Account Operators', 'Server Operators']) expect(findGroupName(s, dcOnly)).toBeUndefined();
  });

  it('each resolves by name in any case, as BUILTIN\\name, as .\\name and by its SID string, and LookupAccountSid names it BUILTIN\\name', () => {
    const s = defaultHostState('win01');
    for (const [rid, name] of Object.entries(SERVER_2019)) {
      const sid = `S-1-5-32-${rid}`;
      for (const form of [name, name.toUpperCase(), name.toLowerCase(), `BUILTIN\\${name}`, `builtin\\${name.toLowerCase()}`, `.\\${name}`, `WIN01\\${name}`, sid, sid.toLowerCase()]) {
        expect(lookupAccount(s, form), form).toEqual({ kind: 'group', name: `BUILTIN\\${name}`, sid, group: name });
        expect(findGroupName(s, form), form).toBe(name);
        expect(groupSid(s, form), form).toBe(sid);
      }
      expect(findGroupBySid(s, sid)).toBe(name);
      expect(builtinGroupBySid(sid)?.name).toBe(name);
      expect(builtinGroup(name.toUpperCase())?.rid).toBe(Number(rid));
    }
    expect(findGroupBySid(s, 'S-1-5-32-548')).toBeUndefined(); // Account Operators: DC only
    expect(findGroupBySid(s, 'Performance Monitor Users')).toBeUndefined(); // a name is not a SID
    expect(groupSid(s, 'Administrator')).toBeUndefined(); // a user, not a group
    expect(groupSid(s, 'No Such Group')).toBeUndefined();
  });

  it("carries Windows' English descriptions", () => {
    const s = defaultHostState('win01');
    expect(groupDescription(s, 'Administrators')).toBe('Administrators have complete and unrestricted access to the computer/domain');
    expect(groupDescription(s, 'Users')).toBe('Users are prevented from making accidental or intentional system-wide changes and can run most applications');
    expect(groupDescription(s, 'Performance Monitor Users')).toBe('Members of this group can access performance counter data locally and remotely');
    expect(groupDescription(s, 'Power Users')).toBe('Power Users are included for backwards compatibility and possess limited administrative powers');
    expect(groupDescription(s, 'Distributed COM Users')).toBe('Members are allowed to launch, activate and use Distributed COM objects on this machine.');
    for (const g of BUILTIN_LOCAL_GROUPS) expect(groupDescription(s, g.name)).toBe(g.description);
  });

  it('has the default members: Administrator, INTERACTIVE and Authenticated Users, Guest, DefaultAccount, IUSR; the rest empty', () => {
    const s = defaultHostState('win01');
    expect(groupMembers(s, 'Administrators')).toEqual(['WIN01\\Administrator']);
    expect(groupMembers(s, 'Users')).toEqual(['NT AUTHORITY\\INTERACTIVE', 'NT AUTHORITY\\Authenticated Users']);
    expect(groupMembers(s, 'Guests')).toEqual(['WIN01\\Guest']);
    expect(groupMembers(s, 'System Managed Accounts Group')).toEqual(['WIN01\\DefaultAccount']);
    expect(groupMembers(s, 'IIS_IUSRS')).toEqual(['NT AUTHORITY\\IUSR']);
    expect(lookupAccount(s, 'NT AUTHORITY\\IUSR')?.sid).toBe('S-1-5-17');
    for (const g of ['Performance Monitor Users', 'Remote Desktop Users', 'Backup Operators', 'Remote Management Users']) expect(groupMembers(s, g)).toEqual([]);
    // A new local account joins Users, as NetUserAdd does.
    createUser(s, 'svc_app', 'Sv-c0mplex!', actor());
    expect(groupMembers(s, 'Users')).toContain('WIN01\\svc_app');
  });

  it('built-in groups cannot be deleted (1371)', () => {
    const s = defaultHostState('win01');
    for (const g of ['Performance Monitor Users', 'Device Owners', 'Print Operators']) expect(code(() => deleteGroup(s, g, actor()))).toBe(1371);
  });
});

describe('built-in local users', () => {
  it('Guest (501), DefaultAccount (503) and WDAGUtilityAccount (504) exist, disabled, with their descriptions', () => {
    const s = defaultHostState('win01');
    const admin = lookupAccount(s, 'Administrator')?.sid ?? '';
    const machine = admin.slice(0, admin.lastIndexOf('-'));
    expect(admin).toBe(`${machine}-500`);
    for (const u of BUILTIN_LOCAL_USERS) {
      const user = findLocalUser(s, u.name);
      expect(user).toMatchObject({ name: u.name, enabled: false, rid: u.rid, description: u.description });
      expect(lookupAccount(s, u.name)?.sid).toBe(`${machine}-${u.rid}`);
      expect(lookupAccount(s, `${machine}-${u.rid}`)?.name).toBe(`WIN01\\${u.name}`);
    }
    expect(BUILTIN_LOCAL_USERS.map((u) => u.description)).toEqual([
      'Built-in account for guest access to the computer/domain',
      'A user account managed by the system.',
      'A user account managed and used by the system for Windows Defender Application Guard scenarios.',
    ]);
  });

  it('disabled accounts cannot log on over WinRM, and none of the built-in accounts can be deleted (1371)', () => {
    const host = new SimHost({ name: 'win01', log: new RehearsalLog(), adminPassword: 'S3cret!' });
    expect([...host.users().keys()]).toEqual(['administrator']);
    for (const name of ['Administrator', 'Guest', 'DefaultAccount', 'WDAGUtilityAccount']) {
      const u = findLocalUser(host.state, name);
      expect(u, name).toBeDefined();
      if (u) expect(code(() => deleteUser(host.state, u, actor())), name).toBe(1371);
    }
    // Ordinary accounts still get RIDs from 1001 up.
    expect(createUser(host.state, 'alice', 'Al1ce-pass', actor()).rid).toBe(1001);
  });
});

describe('SIDs wherever the model resolves a principal', () => {
  it('group membership stored as a SID string counts (groupsOf, isAdmin)', () => {
    const s = defaultHostState('win01');
    createUser(s, 'ops', 'Op5-password', actor());
    const opsSid = lookupAccount(s, 'ops')?.sid as string;
    s.groups.Administrators?.push(opsSid);
    expect(isAdmin(s, 'WIN01\\ops')).toBe(true);
    expect(groupsOf(s, 'WIN01\\ops')).toEqual(['Administrators', 'Users']);
    expect(groupsOf(s, opsSid)).toEqual(['Administrators', 'Users']);
  });

  it('a right held by a group given as a SID string, with or without secedit\'s *, counts for its members', () => {
    const s = defaultHostState('win01');
    createUser(s, 'perf', 'Counters-2026!', actor());
    s.groups['Performance Monitor Users']?.push('WIN01\\perf');
    s.rights.SeBatchLogonRight = ['*S-1-5-32-558'];
    s.rights.SeServiceLogonRight = ['S-1-5-32-558'];
    expect(holdsRight(s, 'WIN01\\perf', 'SeBatchLogonRight')).toBe(true);
    expect(holdsRight(s, 'WIN01\\perf', 'SeServiceLogonRight')).toBe(true);
    expect(holdsRight(s, 'WIN01\\Administrator', 'SeBatchLogonRight')).toBe(false);
  });

  it('Qlik setup uses the built-in Performance Monitor Users (S-1-5-32-558) rather than a look-alike', () => {
    const s = defaultHostState('qlik01');
    installQlik(s, { central: true, address: '127.0.0.1', account: '.\\qliksvc', password: 'Qlik-Svc-2026!', accountIsAdmin: false, inSite: false });
    expect(Object.keys(s.groups).filter((g) => g.toLowerCase() === 'performance monitor users')).toEqual(['Performance Monitor Users']);
    expect(groupSid(s, 'Performance Monitor Users')).toBe('S-1-5-32-558');
    expect(groupSid(s, 'Qlik Sense Service Users')).toMatch(/^S-1-5-21-\d+-\d+-\d+-\d+$/);
  });
});

describe('saved states from before the built-in accounts were modelled', () => {
  const OLD = {
    hostname: 'WIN07', os_version: '10.0.17763.5458', services: [],
    users: [{ name: 'Administrator', password: 'x', enabled: true }, { name: 'svc', password: 'Svc-pass1', enabled: true, rid: 1001 }],
    groups: { Administrators: ['WIN07\\Administrator'], Users: ['WIN07\\svc'], 'Qlik Sense Service Users': ['WIN07\\svc'] },
    rights: { SeServiceLogonRight: ['WIN07\\svc'] },
  };

  it('still load: the missing built-in groups and users are added with their defaults, saved contents kept as they were', () => {
    const s = fromJSON(JSON.stringify(OLD));
    expect(Object.keys(s.groups)).toHaveLength(26);
    expect(s.groups.Users).toEqual(['WIN07\\svc']);
    expect(s.groups.Administrators).toEqual(['WIN07\\Administrator']);
    expect(s.groups['Qlik Sense Service Users']).toEqual(['WIN07\\svc']);
    expect(s.groups.Guests).toEqual(['WIN07\\Guest']);
    expect(groupDescription(s, 'Users')).toBe(BUILTIN_LOCAL_GROUPS[1]?.description);
    expect(groupDescription(s, 'Qlik Sense Service Users')).toBe('');
    expect(s.users.map((u) => u.name)).toEqual(['Administrator', 'svc', 'Guest', 'DefaultAccount', 'WDAGUtilityAccount']);
    expect(groupSid(s, 'S-1-5-32-558')).toBe('S-1-5-32-558');
  });

  it('a state saved with the built-ins round-trips unchanged, and edits to a built-in survive loading', () => {
    const s = defaultHostState('win01');
    expect(fromJSON(toJSON(s))).toEqual(s);
    const t = defaultHostState('win01');
    t.groups['Remote Desktop Users'] = ['WIN01\\Administrator'];
    (t.group_descriptions ?? {})['Remote Desktop Users'] = '';
    const back = fromJSON(toJSON(t));
    expect(back.groups['Remote Desktop Users']).toEqual(['WIN01\\Administrator']);
    expect(groupDescription(back, 'Remote Desktop Users')).toBe('');
    const u = findLocalUser(t, 'Guest');
    if (u) u.enabled = true;
    expect(findLocalUser(fromJSON(toJSON(t)), 'Guest')?.enabled).toBe(true);
  });
});
