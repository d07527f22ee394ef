/**
 * win_hosts (issue 14) against the simulated volume's hosts file (Windows' sample file at first), compared with
 * ansible.windows 1.14's documented options: check → apply → reapply, aliases set/add/remove, a name moving to a
 * new address, absent by address or name, diff, and the module's own failure text.
 */
import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.ts';
import { getNode } from '../../src/sim/host/fs.ts';
import { useModuleHost } from '../helpers/module-host.ts';

const HOSTS = 'C:\\Windows\\System32\\drivers\\etc\\hosts';
const SAMPLE_LINES = 7;

describe('win_hosts over WinRM against the simulator', () => {
  const mh = useModuleHost(236);
  const { task, host } = mh;
  const file = () => Buffer.from(getNode(host().state, HOSTS)?.content ?? '', 'base64').toString('utf8');
  const entries = () => file().split('\r\n').slice(SAMPLE_LINES).filter((l) => l !== '');

  it('adds an entry (check, apply, reapply) below the sample comments, in Set-Content\'s CRLF lines, with a diff', async () => {
    // The simulated volume is built on its first use (src/sim/host/fs.ts fsOf), which would count as a change in the
    // check-mode fingerprint: read the file once first.
    expect((await task('win_stat', { path: HOSTS })).stat).toMatchObject({ exists: true });
    const [check, apply] = await mh.rehearse('win_hosts', { canonical_name: 'qlik01.corp.example', ip_address: '10.0.0.21', aliases: ['qlik01'] });
    expect(check.diff).toEqual({ before: expect.stringMatching(/^# Copyright \(c\) 1993-2009 Microsoft Corp\.\n/), after: expect.stringMatching(/\n10\.0\.0\.21 qlik01\.corp\.example qlik01\n$/) });
    expect(apply.diff).toEqual(check.diff);
    expect(file().startsWith('# Copyright (c) 1993-2009 Microsoft Corp.\r\n')).toBe(true);
    expect(entries()).toEqual(['10.0.0.21 qlik01.corp.example qlik01']);
  });

  it('applies action to the aliases: add keeps the others, remove takes some away, set makes them exactly these', async () => {
    const name = { canonical_name: 'qlik01.corp.example', ip_address: '10.0.0.21' };
    expect(await task('win_hosts', { ...name, aliases: ['central'], action: 'add' })).toMatchObject({ changed: true });
    expect(entries()).toEqual(['10.0.0.21 qlik01.corp.example qlik01 central ']);
    expect(await task('win_hosts', { ...name, aliases: ['qlik01'], action: 'remove' })).toMatchObject({ changed: true });
    expect(entries()).toEqual(['10.0.0.21 qlik01.corp.example central ']);
    expect(await task('win_hosts', { ...name, aliases: ['qlik01', 'central'] })).toMatchObject({ changed: true });
    expect(await task('win_hosts', { ...name, aliases: ['qlik01', 'central'] })).toMatchObject({ changed: false });
    expect(entries()[0]?.split(/\s+/).filter(Boolean).sort()).toEqual(['10.0.0.21', 'central', 'qlik01', 'qlik01.corp.example']);
  });

  it('moves a name to a new address of the same family, keeps comment lines and entries of other names, and removes by address or name', async () => {
    expect(await task('win_hosts', { canonical_name: 'qlik02.corp.example', ip_address: '10.0.0.22' })).toMatchObject({ changed: true });
    expect(await task('win_hosts', { canonical_name: 'qlik01.corp.example', ip_address: '10.0.0.31', aliases: ['qlik01'] })).toMatchObject({ changed: true });
    expect(entries()).toEqual(['10.0.0.22 qlik02.corp.example ', '10.0.0.31 qlik01.corp.example qlik01']);
    expect(await task('win_hosts', { state: 'absent', ip_address: '10.0.0.22' }, { check: true })).toMatchObject({ changed: true });
    expect(entries()).toHaveLength(2);
    expect(await task('win_hosts', { state: 'absent', canonical_name: 'qlik01.corp.example' })).toMatchObject({ changed: true });
    expect(entries()).toEqual(['10.0.0.22 qlik02.corp.example ']);
    expect(await task('win_hosts', { state: 'absent' })).toMatchObject({ changed: true });
    expect(entries()).toEqual([]);
    expect(file().split('\r\n')).toHaveLength(SAMPLE_LINES + 1);
    expect(await task('win_hosts', { state: 'absent' })).toMatchObject({ changed: false });
  });

  it("fails with the module's text for an address that is not one, and refuses present without its required options", async () => {
    expect(await task('win_hosts', { canonical_name: 'x', ip_address: '10.0.0.256' })).toMatchObject({
      failed: true, msg: 'win_hosts: Argument ip_address needs to be a valid ip address, but was 10.0.0.256',
    });
    expect(findModule('win_hosts')!.schema.safeParse({ canonical_name: 'x' }).error?.issues[0]?.message).toBe('state is present but all of the following are missing: ip_address');
  });
});
