/** `winbook inventory -i X --list | --graph | --host H` — as ansible-inventory prints them. */
import type { Command } from 'commander';
import { loadInventory, toAnsibleGraph, toAnsibleList, hostVars } from '../../inventory/index.ts';
import { collect } from '../options.ts';
import { OptionsError } from '../../errors.ts';
import { addVaultOptions, vaultFromFlags, type VaultFlags } from './vault.ts';

export function registerInventory(program: Command, _setExit: (code: number) => void): void {
  const cmd = program
    .command('inventory')
    .description('show an inventory as ansible-inventory does')
    .option('-i, --inventory <path>', 'inventory file or directory (repeatable)', collect)
    .option('--list', 'all groups and hosts with their variables, as JSON')
    .option('--graph', 'the group tree')
    .option('--host <name>', "one host's variables, as JSON");
  addVaultOptions(cmd)
    .action(async (flags: VaultFlags & { inventory?: string[]; list?: boolean; graph?: boolean; host?: string }) => {
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
        process.stdout.write(JSON.stringify(list._meta.hostvars[flags.host] ?? {}, null, 4) + '\n');
        void hostVars;
      } else {
        process.stdout.write(JSON.stringify(toAnsibleList(inv), null, 4) + '\n');
      }
    });
}
