/** `winbook inventory -i X --list | --graph | --host H` — as ansible-inventory prints them. */
import type { Command } from 'commander';
import { collect } from '../options.ts';
import { addVaultOptions, type VaultFlags } from './vault.ts';

export interface InventoryFlags extends VaultFlags {
  inventory?: string[];
  list?: boolean;
  graph?: boolean;
  host?: string;
}

export function registerInventory(program: Command, _setExit: (code: number) => void): void {
  const cmd = program
    .command('inventory')
    .description('show an inventory as ansible-inventory does')
    .option('-i, --inventory <path>', 'inventory file or directory (repeatable)', collect)
    .option('--list', 'all groups and hosts with their variables, as JSON')
    .option('--graph', 'the group tree')
    .option('--host <name>', "one host's variables, as JSON");
  addVaultOptions(cmd)
    .action(async (flags: InventoryFlags) => (await import('../actions/inventory.ts')).showInventory(flags));
}
