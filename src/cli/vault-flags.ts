/**
 * The vault password flags (--vault-password-file, --ask-vault-pass, --vault-id) as src/vault reads them. A file of
 * its own so `run` does not evaluate the `vault` command's action (its editor is started with node:child_process).
 */
import type { VaultPasswordOptions } from '../vault/index.ts';
import type { VaultFlags } from './commands/vault.ts';

export function vaultPasswordOptions(flags: VaultFlags): VaultPasswordOptions {
  return { vaultPasswordFiles: flags.vaultPasswordFile, askVaultPass: flags.askVaultPass, vaultIds: flags.vaultId };
}
