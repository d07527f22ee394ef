/**
 * `winbook vault encrypt|decrypt|view|edit|encrypt_string`, and the vault password options other commands share.
 * The definitions only: the work is in src/cli/actions/vault.ts, loaded when a vault command runs.
 */
import type { Command } from 'commander';
import { collect } from '../options.ts';

export interface VaultFlags {
  vaultPasswordFile?: string[];
  askVaultPass?: boolean;
  vaultId?: string[];
}

export interface CryptFlags extends VaultFlags {
  output?: string;
  encryptVaultId?: string;
}

/** Adds --vault-password-file, --ask-vault-pass and --vault-id to a command. */
export function addVaultOptions(cmd: Command): Command {
  return cmd
    .option('--vault-password-file <file>', 'vault password file, or an executable printing the password (repeatable)', collect)
    .option('--ask-vault-pass', 'ask for the vault password (needs a terminal)')
    .option('--vault-id <id>', 'vault id as label@source (source: a file, a script or "prompt"; repeatable)', collect);
}

function optionsFor(cmd: Command, description: string, encrypts: boolean): Command {
  const c = addVaultOptions(cmd.description(description));
  return encrypts ? c.option('--encrypt-vault-id <label>', 'the vault id to encrypt with when several are given') : c;
}

const actions = () => import('../actions/vault.ts');

export function registerVault(program: Command, _setExit: (code: number) => void): void {
  const vault = program.command('vault').description('encrypt and decrypt Ansible Vault files and values (as ansible-vault)');
  optionsFor(vault.command('encrypt'), 'encrypt files in place (or to --output)', true)
    .argument('<files...>', 'files to encrypt ("-" for stdin)')
    .option('--output <file>', 'write here instead of in place ("-" for stdout)')
    .action(async (files: string[], flags: CryptFlags) => (await actions()).encryptFiles(files, flags));
  optionsFor(vault.command('decrypt'), 'decrypt files in place (or to --output)', false)
    .argument('<files...>', 'files to decrypt ("-" for stdin)')
    .option('--output <file>', 'write here instead of in place ("-" for stdout)')
    .action(async (files: string[], flags: CryptFlags) => (await actions()).decryptFiles(files, flags));
  optionsFor(vault.command('view'), 'print decrypted files', false)
    .argument('<files...>', 'files to show')
    .action(async (files: string[], flags: VaultFlags) => (await actions()).viewFiles(files, flags));
  optionsFor(vault.command('edit'), 'decrypt a file into $EDITOR and encrypt it again', true)
    .argument('<file>', 'the file to edit')
    .action(async (file: string, flags: CryptFlags) => (await actions()).editVaultFile(file, flags));
  optionsFor(vault.command('encrypt_string'), 'encrypt a string for a playbook or vars file (prints a !vault YAML value)', true)
    .argument('[string]', 'the string (read from stdin when absent)')
    .option('-n, --name <name>', 'the variable name to print before the value')
    .action(async (value: string | undefined, flags: CryptFlags & { name?: string }) => (await actions()).encryptStringValue(value, flags));
}
