/**
 * `winbook vault encrypt|decrypt|view|edit|encrypt_string` — ansible-vault's everyday commands, writing files
 * ansible-vault reads and reading files it writes. Also the vault password options `run` and `inventory` share.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { InputError, OptionsError } from '../../errors.ts';
import { encryptString, isVaultText, loadVaultSecrets, parseEnvelope, Vault } from '../../vault/index.ts';
import type { VaultPasswordOptions } from '../../vault/index.ts';
import { collect } from '../options.ts';

export interface VaultFlags {
  vaultPasswordFile?: string[];
  askVaultPass?: boolean;
  vaultId?: string[];
}

/** Adds --vault-password-file, --ask-vault-pass and --vault-id to a command. */
export function addVaultOptions(cmd: Command): Command {
  return cmd
    .option('--vault-password-file <file>', 'vault password file, or an executable printing the password (repeatable)', collect)
    .option('--ask-vault-pass', 'ask for the vault password (needs a terminal)')
    .option('--vault-id <id>', 'vault id as label@source (source: a file, a script or "prompt"; repeatable)', collect);
}

export function vaultPasswordOptions(flags: VaultFlags): VaultPasswordOptions {
  return { vaultPasswordFiles: flags.vaultPasswordFile, askVaultPass: flags.askVaultPass, vaultIds: flags.vaultId };
}

/** The secrets the flags name; none when no vault option was given. */
export async function vaultFromFlags(flags: VaultFlags): Promise<Vault> {
  return new Vault(await loadVaultSecrets(vaultPasswordOptions(flags)));
}

interface CryptFlags extends VaultFlags {
  output?: string;
  encryptVaultId?: string;
}

async function readInput(file: string): Promise<Buffer> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
  return readFile(file).catch((e: unknown) => {
    throw new InputError('VAULT_FILE_NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`, { hint: 'check the path' });
  });
}

async function writeOutput(file: string, data: Buffer | string): Promise<void> {
  if (file === '-') process.stdout.write(data);
  else await writeFile(file, data, { mode: 0o600 });
}

function needVault(vault: Vault): Vault {
  if (vault.secrets.length) return vault;
  throw new OptionsError('VAULT_NO_PASSWORD', 'no vault password given', { hint: 'pass --vault-password-file FILE, --ask-vault-pass or --vault-id label@source' });
}

function decryptFile(vault: Vault, file: string, data: Buffer): Buffer {
  const text = data.toString('utf8');
  if (!isVaultText(text)) throw new InputError('VAULT_NOT_ENCRYPTED', `${file} is not vault-encrypted`, { pos: { file, line: 1, col: 1 }, hint: 'nothing to decrypt' });
  return vault.decryptBytes(text, { file, line: 1, col: 1 });
}

function optionsFor(cmd: Command, description: string, encrypts: boolean): Command {
  const c = addVaultOptions(cmd.description(description));
  return encrypts ? c.option('--encrypt-vault-id <label>', 'the vault id to encrypt with when several are given') : c;
}

export function registerVault(program: Command, _setExit: (code: number) => void): void {
  const vault = program.command('vault').description('encrypt and decrypt Ansible Vault files and values (as ansible-vault)');
  registerCrypt(vault);
  registerViewEdit(vault);
  registerEncryptString(vault);
}

function registerCrypt(vault: Command): void {
  optionsFor(vault.command('encrypt'), 'encrypt files in place (or to --output)', true)
    .argument('<files...>', 'files to encrypt ("-" for stdin)')
    .option('--output <file>', 'write here instead of in place ("-" for stdout)')
    .action(async (files: string[], flags: CryptFlags) => {
      const v = needVault(await vaultFromFlags(flags));
      for (const file of files) {
        const data = await readInput(file);
        if (isVaultText(data.toString('utf8'))) throw new InputError('VAULT_ALREADY_ENCRYPTED', `${file} is already vault-encrypted`, { pos: { file, line: 1, col: 1 }, hint: 'use `winbook vault edit` to change it' });
        await writeOutput(flags.output ?? file, v.encrypt(data, flags.encryptVaultId));
      }
      process.stderr.write('Encryption successful\n');
    });

  optionsFor(vault.command('decrypt'), 'decrypt files in place (or to --output)', false)
    .argument('<files...>', 'files to decrypt ("-" for stdin)')
    .option('--output <file>', 'write here instead of in place ("-" for stdout)')
    .action(async (files: string[], flags: CryptFlags) => {
      const v = needVault(await vaultFromFlags(flags));
      for (const file of files) await writeOutput(flags.output ?? file, decryptFile(v, file, await readInput(file)));
      process.stderr.write('Decryption successful\n');
    });

}

function registerViewEdit(vault: Command): void {
  optionsFor(vault.command('view'), 'print decrypted files', false)
    .argument('<files...>', 'files to show')
    .action(async (files: string[], flags: VaultFlags) => {
      const v = needVault(await vaultFromFlags(flags));
      for (const file of files) process.stdout.write(decryptFile(v, file, await readInput(file)));
    });

  optionsFor(vault.command('edit'), 'decrypt a file into $EDITOR and encrypt it again', true)
    .argument('<file>', 'the file to edit')
    .action(async (file: string, flags: CryptFlags) => {
      const v = needVault(await vaultFromFlags(flags));
      editFile(v, file, await readInput(file), flags.encryptVaultId);
    });

}

function registerEncryptString(vault: Command): void {
  optionsFor(vault.command('encrypt_string'), 'encrypt a string for a playbook or vars file (prints a !vault YAML value)', true)
    .argument('[string]', 'the string (read from stdin when absent)')
    .option('-n, --name <name>', 'the variable name to print before the value')
    .action(async (value: string | undefined, flags: CryptFlags & { name?: string }) => {
      const v = needVault(await vaultFromFlags(flags));
      const plain = value ?? (await readInput('-')).toString('utf8');
      if (plain === '') throw new InputError('VAULT_EMPTY_STRING', 'the string to encrypt is empty', { hint: 'pass it as an argument or on stdin' });
      process.stdout.write(encryptString(v.encrypt(plain, flags.encryptVaultId), flags.name));
      process.stderr.write('Encryption successful\n');
    });
}

/** Decrypts to a private temporary file, runs $EDITOR on it, and re-encrypts with the same vault id if changed. */
function editFile(v: Vault, file: string, data: Buffer, encryptId: string | undefined): void {
  const plain = decryptFile(v, file, data);
  const env = parseEnvelope(data.toString('utf8'));
  // Keep the file's vault id: its 1.2 label, else the default password (or the only one) that opened it.
  const label = encryptId ?? (typeof env === 'string' ? undefined : env.label) ?? (v.secrets.find((s) => s.label === 'default') ?? v.secrets[0])?.label;
  const dir = mkdtempSync(join(tmpdir(), 'winbook-vault-'));
  const tmp = join(dir, basename(file));
  try {
    writeFileSync(tmp, plain, { mode: 0o600 });
    const [editor = 'vi', ...args] = (process.env.EDITOR ?? process.env.VISUAL ?? 'vi').split(/\s+/).filter(Boolean);
    const r = spawnSync(editor, [...args, tmp], { stdio: 'inherit' });
    if (r.error || r.status !== 0) {
      throw new InputError('VAULT_EDITOR_FAILED', `the editor ${editor} failed${r.error ? `: ${r.error.message}` : ` with exit code ${r.status}`}`, { hint: 'set EDITOR to a program that edits a file and exits 0; the vault file was not changed' });
    }
    const edited = readFileSync(tmp);
    if (!edited.equals(plain)) writeFileSync(file, v.encrypt(edited, label), { mode: 0o600 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
