/** `winbook inventory`'s work (src/cli/commands/inventory.ts defines its options). */
import { loadInventory, toAnsibleGraph, toAnsibleList, hostVars } from '../../inventory/index.ts';
import { OptionsError } from '../../errors.ts';
import { vaultFromFlags } from './vault.ts';
import { stringifyFloats } from '../../template/py-float-json.ts';
import type { InventoryFlags } from '../commands/inventory.ts';

export async function showInventory(flags: InventoryFlags): Promise<void> {
  if (!flags.inventory?.length) throw new OptionsError('NO_INVENTORY', 'no inventory given', { hint: 'pass -i FILE' });
  const vault = await vaultFromFlags(flags);
  const decrypt = vault.secrets.length ? vault.decryptVarsFile : undefined;
  const inv = await loadInventory(flags.inventory, { decrypt });
  // Inline !vault values stay encrypted in the output, as ansible-inventory prints them.
  if (flags.graph) {
    process.stdout.write(toAnsibleGraph(inv) + '\n');
  } else if (flags.host) {
    if (!inv.hosts.has(flags.host)) throw new OptionsError('UNKNOWN_HOST', `host ${flags.host} is not in the inventory`);
    const list = toAnsibleList(inv) as { _meta: { hostvars: Record<string, unknown> } };
    process.stdout.write(stringifyFloats(list._meta.hostvars[flags.host] ?? {}, 4) + '\n');
    void hostVars;
  } else {
    // A YAML float (`1.0`) prints `1.0`, as ansible-inventory's json.dumps prints it.
    process.stdout.write(stringifyFloats(toAnsibleList(inv), 4) + '\n');
  }
}
