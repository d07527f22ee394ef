import { describe, expect, it } from 'vitest';
import { hostVars, loadInventory } from '../../../src/inventory/index.ts';
import { fixturePaths } from './fixture-cases.ts';

describe('loadInventory (directories, group_vars, host_vars)', () => {
  it('reads a directory in name order, recursing, skipping hidden, backup, .retry, .md and .ini files as Ansible does', async () => {
    const inv = await loadInventory(fixturePaths('inventory-dir'));
    expect([...inv.hosts.keys()]).toEqual(['qs-central', 'qs-rim1', 'qs-rim2', 'qs-rim3']);
    expect(inv.groups.has('skipped')).toBe(false);
    expect(inv.hosts.get('qs-rim3')?.vars).toEqual({ note: 'from a subdirectory' });
  });

  it('applies group_vars/ and host_vars/ beside a directory source', async () => {
    const inv = await loadInventory(fixturePaths('inventory-dir'));
    expect(hostVars(inv, 'qs-rim1')).toMatchObject({ site_name: 'dir-site', role: 'rim-file', ansible_host: '10.1.0.21' });
  });

  it('finds NAME, NAME.yml, NAME.yaml, NAME.json (first wins) and merges NAME/ directories in order', async () => {
    const inv = await loadInventory(fixturePaths('vars-files'));
    const web1 = hostVars(inv, 'web1');
    expect(web1).toMatchObject({ web_port: 8080, deep: true, app_from: 'yml', nested: { b: 2 } });
    expect(web1).not.toHaveProperty('ignored');
    expect(web1).not.toHaveProperty('app_json_only');
    expect(hostVars(inv, 'db1')).toMatchObject({ db_engine: 'mssql', who: 'file-host-db1', ansible_port: 5986 });
    expect(hostVars(inv, 'web2')).toMatchObject({ a_first: 1, who: 'host-dir-b' });
  });

  it('ranks every group_vars file above every inline group var, as Ansible does', async () => {
    const inv = await loadInventory(fixturePaths('vars-files'));
    // inline [web:vars] who=inline-web loses to group_vars/all.yml
    expect(hostVars(inv, 'app1').who).toBe('file-all');
    expect(hostVars(inv, 'web2').inline_only).toBe('web');
    // inline host vars beat group_vars files; host_vars files beat inline host vars
    expect(hostVars(inv, 'web1').who).toBe('file-host-web1');
    expect(hostVars(inv, 'web1').inline_host).toBe('web1');
  });

  it('layers several sources in order: later sources win within each level', async () => {
    const inv = await loadInventory(fixturePaths('multi-source'));
    expect(hostVars(inv, 'm1')).toMatchObject({ from: 'b', src: 'b', who: 'b-all', who_web: 'b-web' });
    expect(inv.groups.get('web')?.hosts).toEqual(['m1', 'm2', 'm4']);
    expect(inv.groups.get('ungrouped')?.hosts).toEqual(['m3']);
  });

  it('treats a missing path with a comma as a host list', async () => {
    const inv = await loadInventory(['win01,win02:5986,']);
    expect(inv.groups.get('ungrouped')?.hosts).toEqual(['win01', 'win02']);
    expect(inv.hosts.get('win02')?.vars).toEqual({ ansible_port: 5986 });
  });
});
