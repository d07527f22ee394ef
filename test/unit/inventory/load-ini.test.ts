import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.ts';
import { iniValue } from '../../../src/inventory/parse-ini.ts';
import { fixturePaths } from './fixture-cases.ts';
import { PyFloat } from '../../../src/template/index.ts';

describe('loadInventory (INI)', () => {
  it('reads sections, :vars and :children, hosts before any section going to ungrouped', async () => {
    const inv = await loadInventory(fixturePaths('ini-basic'));
    expect(inv.groups.get('windows')).toMatchObject({ hosts: ['win01', 'win02'], children: ['dc'], vars: { ansible_connection: 'winrm', site: 'windows-lab' } });
    expect(inv.groups.get('ungrouped')?.hosts).toEqual(['jump01']);
    expect(inv.hosts.get('win02')?.vars).toEqual({ ansible_host: '10.0.0.12', ansible_port: 5985 });
    expect(inv.groups.get('all')?.vars).toEqual({ site: 'lab', ansible_user: 'Administrator' });
  });

  it('parses host-line values after shell-style splitting, and :vars values as written', async () => {
    const inv = await loadInventory(fixturePaths('ini-values (no extension)'));
    expect(inv.hosts.get('h1')?.vars).toEqual({
      int: 5, quoted_int: 5, str: 'hello', spaced: 'hello world', bool: true, lower_true: 'true', none: null,
      list: [1, 'two', 3.5], dict: { k: 'v', n: 1 }, hex: 31, zero_lead: '01', float: 1.5, exp: new PyFloat(1000), neg: -4,
      under: 1000, single: 'q', escaped: 'a b', hash: 'a',
    });
    expect(inv.hosts.get('h2')?.vars).toEqual({ ansible_port: 2222, ansible_host: '192.0.2.10' });
    expect(inv.hosts.has('192.0.2.20')).toBe(true);
    expect(inv.groups.get('values')?.vars).toEqual({
      v_str: 'some text', v_int: 42, v_quoted: '42', v_list: ['a', 'b'], v_comment: 7, v_semicolon: '7 ; seven',
      v_concat: 'its', v_empty: '', v_eq: 'a=b',
    });
  });

  it('accepts :children naming groups defined further down, and :vars before the group', async () => {
    const inv = await loadInventory(fixturePaths('pending-children'));
    // rim is attached when its own [rim:children] section appears, before [central]: Ansible's order
    expect(inv.groups.get('site')?.children).toEqual(['rim', 'central']);
    expect(inv.groups.get('rim')?.children).toEqual(['rim_eu']);
    expect(inv.groups.get('rim_eu')).toMatchObject({ hosts: ['r1', 'r2'], vars: { region: 'eu' } });
    expect(inv.groups.get('all')?.children).toEqual(['ungrouped', 'site']);
  });

  it('expands ranges on host lines', async () => {
    const inv = await loadInventory(fixturePaths('ranges ini'));
    expect(inv.groups.get('stride')?.hosts).toEqual(['node0', 'node5', 'node10', 'rack1-srv1', 'rack1-srv2', 'rack2-srv1', 'rack2-srv2']);
  });

  it('stores ansible_group_priority as a number', async () => {
    const inv = await loadInventory(fixturePaths('priority ini'));
    expect(inv.groups.get('alpha')?.vars.ansible_group_priority).toBe(3);
  });

  it('literal_evals values like Python', () => {
    expect(iniValue("'it''s'")).toBe('its');
    expect(iniValue('0o17')).toBe(15);
    expect(iniValue('0b101')).toBe(5);
    expect(iniValue('(1, 2)')).toEqual([1, 2]);
    expect(iniValue('(1)')).toBe(1);
    expect(iniValue('r"a\\b"')).toBe('a\\b');
    expect(iniValue('"tab\\there"')).toBe('tab\there');
    expect(iniValue('{1: True}')).toEqual({ 1: true });
    expect(iniValue('1j')).toBe('1j');
    expect(iniValue('{1, 2}')).toBe('{1, 2}');
    expect(iniValue('00')).toBe(0);
    expect(iniValue('007')).toBe('007');
    expect(iniValue('yes')).toBe('yes');
    expect(iniValue('-1.5e-3')).toBe(-0.0015);
  });
});
