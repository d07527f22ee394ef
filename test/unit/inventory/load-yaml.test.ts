import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.ts';
import { fixturePaths } from './fixture-cases.ts';
import { PyFloat } from '../../../src/template/index.ts';

describe('loadInventory (YAML)', () => {
  it('reads hosts, vars and nested children, and makes top-level groups children of all', async () => {
    const inv = await loadInventory(fixturePaths('yaml-basic'));
    expect([...inv.hosts.keys()]).toEqual(['jump01', 'win01', 'win02', 'dc01']);
    expect(inv.groups.get('all')?.children).toEqual(['ungrouped', 'windows']);
    expect(inv.groups.get('windows')).toMatchObject({ children: ['dc'], hosts: ['win01', 'win02'], vars: { ansible_port: 5986, site: 'windows-lab' } });
    expect(inv.hosts.get('win02')?.vars).toEqual({ ansible_host: '10.0.0.12' });
    expect(inv.hosts.get('dc01')?.groups).toEqual(['dc']);
  });

  it('puts a host listed directly under all into ungrouped as well', async () => {
    const inv = await loadInventory(fixturePaths('yaml-basic'));
    expect(inv.groups.get('all')?.hosts).toEqual(['jump01']);
    expect(inv.groups.get('ungrouped')?.hosts).toEqual(['jump01']);
    expect(inv.hosts.get('jump01')?.groups).toEqual(['all', 'ungrouped']);
  });

  it('removes a host from ungrouped once it is in another group', async () => {
    const inv = await loadInventory(fixturePaths('ungrouped yaml'));
    expect(inv.groups.get('ungrouped')?.hosts).toEqual(['explicit-ungrouped', 'lonely']);
    expect(inv.hosts.get('moved-to-db')?.groups).toEqual(['db']);
    expect(inv.groups.get('empty_group')).toEqual({ name: 'empty_group', vars: {}, children: [], hosts: [] });
  });

  it('expands host ranges with padding, letters, strides and several ranges per name', async () => {
    const inv = await loadInventory(fixturePaths('ranges yaml'));
    expect(inv.groups.get('web')?.hosts).toEqual(['web01.example.com', 'web02.example.com', 'web03.example.com', 'web-a', 'web-b', 'web-c']);
    expect(inv.groups.get('stride')?.hosts).toEqual(['node0', 'node5', 'node10', 'rack1-srv1', 'rack1-srv2', 'rack2-srv1', 'rack2-srv2']);
    expect(inv.groups.get('nopad')?.hosts).toEqual(['db8', 'db9', 'db10', 'db11']);
    expect(inv.hosts.get('web02.example.com')?.vars).toEqual({ tier: 'web' });
  });

  it('reads YAML 1.1 scalars as PyYAML does, and follows anchors and merge keys', async () => {
    const inv = await loadInventory(fixturePaths('yaml11'));
    expect(inv.groups.get('all')?.vars).toMatchObject({
      yes_bool: true, on_bool: true, y_string: 'y', n_string: 'n', octal: 493, not_octal: '08', sexagesimal: 90,
      exp_string: '1e3', real_float: new PyFloat(1500), date_string: '2024-01-31', null_tilde: null, quoted: 'yes',
    });
    expect(inv.hosts.get('w1')?.vars).toEqual({ ansible_port: 5985, ansible_winrm_transport: 'ntlm', extra: 1 });
    expect(inv.hosts.get('w3')?.vars).toEqual({ ansible_host: '10.0.0.2' });
  });

  it('reads JSON inventories with the YAML reader', async () => {
    const inv = await loadInventory(fixturePaths('json'));
    expect(inv.groups.get('win')?.hosts).toEqual(['j1', 'j2']);
    expect(inv.hosts.get('j2')?.vars).toEqual({ ansible_port: 5986 });
  });

  it('records where each host was defined', async () => {
    const [file] = fixturePaths('yaml-basic');
    const inv = await loadInventory([file as string]);
    expect(inv.hostPos.get('win02')).toEqual({ file, line: 16, col: 9 });
    expect(inv.hostPos.get('dc01')).toEqual({ file, line: 21, col: 13 });
  });
});
