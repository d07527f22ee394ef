import { describe, expect, it } from 'vitest';
import { loadInventory, toAnsibleGraph, toAnsibleList } from '../../../src/inventory/index.ts';
import { fixturePaths } from './fixture-cases.ts';

describe('toAnsibleList / toAnsibleGraph', () => {
  it('prints groups with hosts and children, hostvars without magic variables, and drops empty groups', async () => {
    const inv = await loadInventory(fixturePaths('ungrouped yaml'));
    const list = toAnsibleList(inv);
    expect(list.all).toEqual({ children: ['ungrouped', 'web', 'db', 'empty_group'] });
    expect(list.ungrouped).toEqual({ hosts: ['explicit-ungrouped', 'lonely'] });
    expect(list).not.toHaveProperty('empty_group');
    expect(list._meta.hostvars).toEqual({});
  });

  it('shows combined inventory variables per host', async () => {
    const list = toAnsibleList(await loadInventory(fixturePaths('yaml-basic')));
    expect(list._meta.hostvars.dc01).toEqual({ ansible_connection: 'winrm', ansible_port: 5986, site: 'dc-site' });
    expect(list._meta.hostvars.jump01).toEqual({ ansible_connection: 'winrm', ansible_host: '10.0.0.5', site: 'lab' });
  });

  it('draws the group tree like ansible-inventory --graph', async () => {
    const inv = await loadInventory(fixturePaths('yaml-basic'));
    expect(toAnsibleGraph(inv)).toBe(
      ['@all:', '  |--@ungrouped:', '  |  |--jump01', '  |--@windows:', '  |  |--@dc:', '  |  |  |--dc01', '  |  |--win01', '  |  |--win02'].join('\n'),
    );
    expect(toAnsibleGraph(inv, 'dc')).toBe('@dc:\n  |--dc01');
  });
});
