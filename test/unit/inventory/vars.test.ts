import { describe, expect, it } from 'vitest';
import { groupHosts, hostVars, loadInventory, sortGroups } from '../../../src/inventory/index.ts';
import type { Inventory } from '../../../src/inventory/index.ts';
import { fixturePaths } from './fixture-cases.ts';

describe('hostVars', () => {
  it('lets deeper groups win over shallower ones and host vars over all groups', async () => {
    const inv = await loadInventory(fixturePaths('nested-precedence'));
    expect(hostVars(inv, 'qs-central')).toMatchObject({ level: 'host', role: 'central', window: 'sunday', from_all: 1, from_site: 1 });
    expect(hostVars(inv, 'qs-rim1').level).toBe('rim');
    expect(hostVars(inv, 'qs-rim2')).toMatchObject({ level: 'rim_eu', role: 'special' });
    // rim_eu (depth 3) beats patching (depth 1) although patching is listed later
    expect(hostVars(inv, 'qs-rim3')).toMatchObject({ level: 'rim_eu', window: 'sunday', role: 'rim' });
  });

  it('replaces dictionaries instead of merging them (hash_behaviour=replace)', async () => {
    const inv = await loadInventory(fixturePaths('nested-precedence'));
    expect(hostVars(inv, 'qs-rim1').shared).toEqual({ c: 3 });
    expect(hostVars(inv, 'qs-central').shared).toEqual({ a: 1, b: 2 });
  });

  it('orders groups at the same depth by ansible_group_priority, then name', async () => {
    const inv = await loadInventory(fixturePaths('priority yaml'));
    expect(hostVars(inv, 'h1').color).toBe('aaa_high');
    expect(hostVars(inv, 'h3').color).toBe('mmm');
    expect(sortGroups(inv, ['aaa_high', 'mmm', 'zzz_low'])).toEqual(['zzz_low', 'mmm', 'aaa_high']);
    expect(hostVars(inv, 'h1')).not.toHaveProperty('ansible_group_priority');
    const ini = await loadInventory(fixturePaths('priority ini'));
    expect(hostVars(ini, 'p1').color).toBe('alpha');
    expect(hostVars(ini, 'p2').color).toBe('alpha');
  });

  it('adds the magic variables Ansible adds', async () => {
    const inv = await loadInventory(fixturePaths('nested-precedence'));
    const v = hostVars(inv, 'qs-rim3');
    expect(v.inventory_hostname).toBe('qs-rim3');
    expect(v.group_names).toEqual(['patching', 'rim', 'rim_eu', 'site']);
    expect((v.groups as Record<string, string[]>).site).toEqual(['qs-central', 'qs-rim1', 'qs-rim2', 'qs-rim3']);
    expect((v.groups as Record<string, string[]>).ungrouped).toEqual([]);
    expect(v.inventory_file).toBe(fixturePaths('nested-precedence')[0]);
    expect(v).not.toHaveProperty('ansible_host');
  });

  it('shortens FQDNs but not IP addresses in inventory_hostname_short; ungrouped hosts have group_names [ungrouped]', async () => {
    const inv = await loadInventory(fixturePaths('qlik-site'));
    expect(hostVars(inv, 'qs-rim2.corp.example.com').inventory_hostname_short).toBe('qs-rim2');
    const ini = await loadInventory(fixturePaths('ini-values (no extension)'));
    expect(hostVars(ini, '192.0.2.20').inventory_hostname_short).toBe('192.0.2.20');
    const basic = await loadInventory(fixturePaths('ini-basic'));
    expect(hostVars(basic, 'jump01').group_names).toEqual(['ungrouped']);
  });

  it('works on a hand-built inventory without file layers', () => {
    const inv: Inventory = {
      sources: [],
      hosts: new Map([['h', { name: 'h', vars: { x: 'host' }, groups: ['g'] }]]),
      groups: new Map([
        ['all', { name: 'all', vars: { x: 'all', y: 'all' }, children: ['g'], hosts: [] }],
        ['g', { name: 'g', vars: { y: 'g' }, children: [], hosts: ['h'] }],
      ]),
    };
    expect(hostVars(inv, 'h')).toMatchObject({ x: 'host', y: 'g', group_names: ['g'], inventory_file: null });
  });
});

describe('groupHosts', () => {
  it('lists a group and its descendants level by level, deduplicated', async () => {
    const inv = await loadInventory(fixturePaths('nested-precedence'));
    expect(groupHosts(inv, 'rim')).toEqual(['qs-rim1', 'qs-rim2', 'qs-rim3']);
    expect(groupHosts(inv, 'all')).toEqual(['qs-rim3', 'qs-central', 'qs-rim1', 'qs-rim2']);
    expect(groupHosts(inv, 'nope')).toEqual([]);
  });
});
