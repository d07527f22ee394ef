/** The fixture inventories every reference test runs against, as -i sources relative to the repository. */
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/inventory');

export const CASES: Record<string, string[]> = {
  'yaml-basic': ['yaml-basic/hosts.yml'],
  'ini-basic': ['ini-basic/hosts.ini'],
  'nested-precedence': ['nested-precedence/hosts.yml'],
  'ini-values (no extension)': ['ini-values/inventory'],
  'ranges yaml': ['ranges/hosts.yml'],
  'ranges ini': ['ranges/hosts.ini'],
  'priority yaml': ['priority/hosts.yml'],
  'priority ini': ['priority/hosts.ini'],
  'vars-files': ['vars-files/hosts.ini'],
  'inventory-dir': ['inventory-dir'],
  'ungrouped yaml': ['ungrouped/hosts.yml'],
  'ungrouped ini': ['ungrouped/hosts.ini'],
  'pending-children': ['pending-children/hosts.ini'],
  yaml11: ['yaml11/hosts.yml'],
  'qlik-site': ['qlik-site/site.yml'],
  'multi-source': ['multi-source/a/hosts.yml', 'multi-source/b/hosts.ini'],
  json: ['json/hosts.json'],
  'diamond children': ['diamond/hosts.yml'],
  'ini mixed types': ['ini-mixed/hosts.ini'],
  'dir mixing yaml and ini': ['dir-mixed'],
  'host:port ini': ['ports/hosts.ini'],
  'host:port yaml': ['ports/hosts.yml'],
  'alphabetic ranges': ['alpha-ranges/hosts.ini'],
  'group_vars/all directory': ['all-dir/hosts.ini'],
};

export function fixturePaths(name: string): string[] {
  return (CASES[name] ?? []).map((p) => join(FIXTURES, p));
}
