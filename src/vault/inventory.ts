/** Decrypts the inline `!vault` values of a loaded inventory in place, before any host is touched. */
import { join } from 'node:path';
import type { LoadedInventory } from '../inventory/index.ts';
import type { Vars } from '../inventory/types.ts';
import { decryptInline, filesUnder } from './inline.ts';
import type { Vault } from './vault.ts';

/** Files a failing value may come from: inventory sources, then group_vars/ and host_vars/ files. */
function candidateFiles(inv: LoadedInventory): string[] {
  const files = new Set<string>();
  for (const p of inv.hostPos.values()) files.add(p.file);
  for (const p of inv.groupPos.values()) files.add(p.file);
  for (const layer of inv.varsFiles) {
    for (const f of [...filesUnder(join(layer.dir, 'group_vars')), ...filesUnder(join(layer.dir, 'host_vars'))]) files.add(f);
  }
  return [...files];
}

export function decryptInventory(inv: LoadedInventory, vault: Vault): void {
  const where = (): string[] => candidateFiles(inv);
  const fix = (vars: Vars): Vars => decryptInline(vars, vault, where) as Vars;
  for (const h of inv.hosts.values()) h.vars = fix(h.vars);
  for (const g of inv.groups.values()) g.vars = fix(g.vars);
  for (const layer of inv.varsFiles) {
    for (const m of [layer.groups, layer.hosts]) for (const [k, v] of m) m.set(k, fix(v));
  }
}
