/**
 * What loadInventory knows beyond the contract in types.ts. Ansible ranks variables from group_vars/ and
 * host_vars/ files above every variable written inside the inventory source (an inline `[web:vars]` loses to
 * group_vars/all.yml), so they are kept apart, per source directory, instead of being merged into `vars`.
 * Positions let later stages say where a host was defined.
 */
import type { SourcePos } from '../errors.ts';
import type { Inventory, Vars } from './types.ts';

/** group_vars/ and host_vars/ found beside one inventory source. */
export interface VarsFilesLayer {
  /** The directory holding group_vars/ and host_vars/. */
  dir: string;
  groups: Map<string, Vars>;
  hosts: Map<string, Vars>;
}

export interface InventoryExtras {
  /** One layer per inventory source, in source order (later sources win). */
  varsFiles: VarsFilesLayer[];
  /** Where each host was first defined; its file is the host's inventory_file. */
  hostPos: Map<string, SourcePos>;
  /** Where each group was first named. */
  groupPos: Map<string, SourcePos>;
}

export type LoadedInventory = Inventory & InventoryExtras;

export function extrasOf(inv: Inventory): Partial<InventoryExtras> {
  return inv as Partial<LoadedInventory>;
}
