/** The vault commands' work (src/cli/commands/vault.ts defines them), and the vault lookup of the inventory commands. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { InputError, OptionsError } from '../../errors.ts';
import { encryptString, isVaultText, loadVaultSecrets, parseEnvelope, Vault } from '../../vault/index.ts';
import type { CryptFlags, VaultFlags } from '../commands/vault.ts';
import { vaultPasswordOptions } from '../vault-flags.ts';

/** The secrets the flags name; none when no vault option was given. */
export async function vaultFromFlags(flags: VaultFlags): Promise<Vault> {
  return new Vault(await loadVaultSecrets(vaultPasswordOptions(flags)));
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

export async function encryptFiles(files: string[], flags: CryptFlags): Promise<void> {
  const v = needVault(await vaultFromFlags(flags));
  for (const file of files) {
    const data = await readInput(file);
    if (isVaultText(data.toString('utf8'))) throw new InputError('VAULT_ALREADY_ENCRYPTED', `${file} is already vault-encrypted`, { pos: { file, line: 1, col: 1 }, hint: 'use `winbook vault edit` to change it' });
    await writeOutput(flags.output ?? file, v.encrypt(data, flags.encryptVaultId));
  }
  process.stderr.write('Encryption successful\n');
}

export async function decryptFiles(files: string[], flags: CryptFlags): Promise<void> {
  const v = needVault(await vaultFromFlags(flags));
  for (const file of files) await writeOutput(flags.output ?? file, decryptFile(v, file, await readInput(file)));
  process.stderr.write('Decryption successful\n');
}

export async function viewFiles(files: string[], flags: VaultFlags): Promise<void> {
  const v = needVault(await vaultFromFlags(flags));
  for (const file of files) process.stdout.write(decryptFile(v, file, await readInput(file)));
}

export async function editVaultFile(file: string, flags: CryptFlags): Promise<void> {
  const v = needVault(await vaultFromFlags(flags));
  editFile(v, file, await readInput(file), flags.encryptVaultId);
}

export async function encryptStringValue(value: string | undefined, flags: CryptFlags & { name?: string }): Promise<void> {
  const v = needVault(await vaultFromFlags(flags));
  const plain = value ?? (await readInput('-')).toString('utf8');
  if (plain === '') throw new InputError('VAULT_EMPTY_STRING', 'the string to encrypt is empty', { hint: 'pass it as an argument or on stdin' });
  process.stdout.write(encryptString(v.encrypt(plain, flags.encryptVaultId), flags.name));
  process.stderr.write('Encryption successful\n');
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
