import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { loadInventory, matchPattern, selectHosts } from '../../../src/inventory/index.ts';
import type { Inventory } from '../../../src/inventory/index.ts';
import { fixturePaths } from './fixture-cases.ts';

let inv: Inventory;
let site: Inventory;
beforeAll(async () => {
  inv = await loadInventory(fixturePaths('nested-precedence'));
  site = await loadInventory(fixturePaths('qlik-site'));
});

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('selectHosts', () => {
  it('matches all and * to every host', () => {
    expect(selectHosts(inv, 'all')).toEqual(['qs-rim3', 'qs-central', 'qs-rim1', 'qs-rim2']);
    expect(selectHosts(inv, '*')).toEqual(['qs-rim3', 'qs-central', 'qs-rim1', 'qs-rim2']);
  });

  it('matches a host name and a group name (with its descendants)', () => {
    expect(selectHosts(inv, 'qs-rim1')).toEqual(['qs-rim1']);
    expect(selectHosts(inv, 'rim')).toEqual(['qs-rim1', 'qs-rim2', 'qs-rim3']);
  });

  it('unions with : and , in the order written', () => {
    expect(selectHosts(inv, 'central:rim_eu')).toEqual(['qs-central', 'qs-rim2', 'qs-rim3']);
    expect(selectHosts(inv, 'rim_eu,central')).toEqual(['qs-rim2', 'qs-rim3', 'qs-central']);
    expect(selectHosts(inv, 'qs-rim1, qs-central')).toEqual(['qs-rim1', 'qs-central']);
  });

  it('intersects with :& and excludes with :!, after all unions whatever the order', () => {
    expect(selectHosts(inv, 'rim:&patching')).toEqual(['qs-rim3']);
    expect(selectHosts(inv, 'site:!rim_eu')).toEqual(['qs-central', 'qs-rim1']);
    expect(selectHosts(inv, '!rim_eu:site')).toEqual(['qs-central', 'qs-rim1']);
    expect(selectHosts(inv, 'site:!qs-rim2:&rim')).toEqual(['qs-rim1', 'qs-rim3']);
    expect(selectHosts(inv, '&rim')).toEqual(['qs-rim3', 'qs-rim1', 'qs-rim2']);
  });

  it('matches globs against groups and hosts', () => {
    expect(selectHosts(inv, 'qs-rim*')).toEqual(['qs-rim1', 'qs-rim2', 'qs-rim3']);
    expect(selectHosts(inv, 'rim*')).toEqual(['qs-rim1', 'qs-rim2', 'qs-rim3']);
    expect(selectHosts(site, '*.corp.example.com')).toEqual([
      'qs-central.corp.example.com', 'qs-rim1.corp.example.com', 'qs-rim2.corp.example.com', 'qs-rim3.corp.example.com',
    ]);
    expect(selectHosts(inv, 'qs-rim[!3]')).toEqual(['qs-rim1', 'qs-rim2']);
    expect(selectHosts(inv, 'qs-rim?')).toEqual(['qs-rim1', 'qs-rim2', 'qs-rim3']);
  });

  it('matches ~regex from the start of the name', () => {
    expect(selectHosts(inv, '~qs-(rim1|central)')).toEqual(['qs-central', 'qs-rim1']);
    expect(selectHosts(site, '~.*rim[23]')).toEqual(['qs-rim2.corp.example.com', 'qs-rim3.corp.example.com']);
    expect(matchPattern(inv, '~rim1').unmatched).toEqual(['~rim1']);
  });

  it('applies subscripts to the group result', () => {
    expect(selectHosts(inv, 'rim[0]')).toEqual(['qs-rim1']);
    expect(selectHosts(inv, 'rim[1:2]')).toEqual(['qs-rim2', 'qs-rim3']);
    expect(selectHosts(inv, 'rim[-1]')).toEqual(['qs-rim3']);
    expect(selectHosts(inv, 'rim[1:]')).toEqual(['qs-rim2', 'qs-rim3']);
    expect(selectHosts(inv, 'site:!rim[0]')).toEqual(['qs-central', 'qs-rim2', 'qs-rim3']);
  });

  it('fails with LIMIT_NO_MATCH and a suggestion for a name that matches nothing', () => {
    const e = errorOf(() => selectHosts(inv, 'rim:centrl'));
    expect(e.code).toBe('LIMIT_NO_MATCH');
    expect(e.message).toContain('did you mean central?');
    expect(errorOf(() => selectHosts(inv, 'rim[7]')).code).toBe('LIMIT_NO_MATCH');
  });

  it('reports unmatched parts without failing in matchPattern, and an empty group is not unmatched', async () => {
    expect(matchPattern(inv, 'rim:nosuch:!gone')).toEqual({ hosts: ['qs-rim1', 'qs-rim2', 'qs-rim3'], unmatched: ['nosuch', '!gone'] });
    const u = await loadInventory(fixturePaths('ungrouped yaml'));
    expect(matchPattern(u, 'empty_group')).toEqual({ hosts: [], unmatched: [] });
  });

  it('fails with LIMIT_SYNTAX on malformed patterns', () => {
    for (const p of ['a:&', '[', 'rim:!', 'web[0', '~(', '', ' : ']) expect(errorOf(() => selectHosts(inv, p)).code, p).toBe('LIMIT_SYNTAX');
  });
});
