/** The inventory model: hosts and groups after loading, before variables are templated. */

export type Vars = Record<string, unknown>;

export interface InventoryHost {
  name: string;
  /** Variables set on the host itself (host_vars and inline). */
  vars: Vars;
  /** Names of groups the host is directly in. */
  groups: string[];
}

export interface InventoryGroup {
  name: string;
  vars: Vars;
  /** Direct child group names. */
  children: string[];
  /** Hosts listed directly in this group. */
  hosts: string[];
}

export interface Inventory {
  /** Files the inventory was read from, for messages. */
  sources: string[];
  hosts: Map<string, InventoryHost>;
  groups: Map<string, InventoryGroup>;
}
