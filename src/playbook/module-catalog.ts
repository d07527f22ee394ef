/** Where the loader looks modules up: the registry, or a fixed list in tests. */
import type { ModuleDef } from '../modules/types.ts';
import { findModule, moduleNames } from '../modules/registry.ts';

export interface ModuleCatalog {
  find(name: string): ModuleDef | undefined;
  /** Every accepted name (short names and aliases). */
  names(): string[];
}

export const registryCatalog: ModuleCatalog = { find: findModule, names: moduleNames };

export function catalogOf(defs: readonly ModuleDef[]): ModuleCatalog {
  const byName = new Map<string, ModuleDef>();
  for (const d of defs) for (const n of [d.name, ...d.aliases]) byName.set(n, d);
  return { find: (n) => byName.get(n), names: () => [...byName.keys()] };
}
