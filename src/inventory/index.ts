/** The inventory package: load Ansible inventories, compute host variables, match host patterns. */
export { loadInventory } from './load.ts';
export type { LoadInventoryOptions } from './load.ts';
export type { LoadedInventory, VarsFilesLayer } from './loaded.ts';
export type { VaultDecrypt } from './vars-files.ts';
export { hostVars, inventoryVars, groupHosts, hostGroups, sortGroups, groupDepths } from './vars.ts';
export { selectHosts, matchPattern, splitPattern } from './pattern.ts';
export type { PatternMatch } from './pattern.ts';
export { connectionSettings } from './connection.ts';
export { toAnsibleList, toAnsibleGraph } from './ansible-list.ts';
export type { AnsibleList } from './ansible-list.ts';
export type { Inventory, InventoryGroup, InventoryHost, Vars } from './types.ts';
