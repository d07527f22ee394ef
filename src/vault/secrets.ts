/**
 * Where vault passwords come from, as ansible-playbook reads them: `--vault-password-file F` (a file whose
 * stripped contents are the password, or an executable whose stdout is), `--ask-vault-pass` (a prompt), and
 * `--vault-id label@source` where source is a file, a script or `prompt`. A script named `*-client[.ext]` is
 * a vault-id client and is asked `--vault-id label`, as Ansible does.
 */
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { errorMessage, InputError } from '../errors.ts';
import { promptHidden } from './prompt.ts';

export interface VaultSecret {
  /** The vault id ('default' unless given as label@source). */
  label: string;
  password: Buffer;
}

export interface VaultPasswordOptions {
  vaultPasswordFiles?: string[];
  askVaultPass?: boolean;
  vaultIds?: string[];
}

export const DEFAULT_LABEL = 'default';

interface Source {
  label: string;
  source: string;
}

/** `label@source` or a bare source (label 'default'); Ansible splits at the first '@'. */
export function parseVaultId(id: string): Source {
  const at = id.indexOf('@');
  if (at < 0) return { label: DEFAULT_LABEL, source: id };
  return { label: id.slice(0, at) || DEFAULT_LABEL, source: id.slice(at + 1) };
}

function sourcesOf(opts: VaultPasswordOptions): Source[] {
  const out: Source[] = (opts.vaultIds ?? []).map(parseVaultId);
  for (const f of opts.vaultPasswordFiles ?? []) out.push({ label: DEFAULT_LABEL, source: f });
  if (opts.askVaultPass) out.push({ label: DEFAULT_LABEL, source: 'prompt' });
  return out;
}

export async function loadVaultSecrets(opts: VaultPasswordOptions): Promise<VaultSecret[]> {
  const secrets: VaultSecret[] = [];
  const prompted = new Set<string>();
  for (const s of sourcesOf(opts)) {
    if (s.source === 'prompt' || s.source === 'prompt_ask_vault_pass') {
      if (prompted.has(s.label)) continue;
      prompted.add(s.label);
      const text = s.label === DEFAULT_LABEL ? 'Vault password: ' : `Vault password (${s.label}): `;
      secrets.push({ label: s.label, password: Buffer.from(await promptHidden(text), 'utf8') });
    } else {
      secrets.push({ label: s.label, password: await readPasswordSource(s) });
    }
  }
  return secrets;
}

async function isExecutable(file: string): Promise<boolean> {
  // Windows has no execute bit; a password file there is always read, never run.
  if (process.platform === 'win32') return false;
  return access(file, constants.X_OK).then(() => true, () => false);
}

async function readPasswordSource(s: Source): Promise<Buffer> {
  const exists = await access(s.source).then(() => true, () => false);
  if (!exists) {
    throw new InputError('VAULT_PASSWORD_FILE_NOT_FOUND', `vault password file ${s.source} does not exist`, {
      hint: 'check the path given to --vault-password-file / --vault-id (or use --ask-vault-pass)',
    });
  }
  const raw = (await isExecutable(s.source)) ? await runScript(s) : await readFile(s.source);
  // Ansible strips surrounding whitespace (the trailing newline editors add) from both kinds.
  const password = Buffer.from(raw.toString('utf8').trim(), 'utf8');
  if (password.length === 0) {
    throw new InputError('VAULT_PASSWORD_EMPTY', `the vault password from ${s.source} is empty`, {
      hint: 'put the password on the first line of the file (an executable must print it on stdout)',
    });
  }
  return password;
}

async function runScript(s: Source): Promise<Buffer> {
  const isClient = /-client(\.[^.]*)?$/.test(basename(s.source));
  const args = isClient ? ['--vault-id', s.label] : [];
  // Loaded here: only a password script needs node:child_process (1–3 ms of CPU in every run otherwise).
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(s.source, args, { encoding: 'buffer', timeout: 60_000 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const detail = stderr.toString('utf8').trim() || errorMessage(err);
      reject(new InputError('VAULT_PASSWORD_SCRIPT_FAILED', `vault password script ${s.source} failed: ${detail}`, {
        hint: 'run the script by hand; it must print the password on stdout and exit 0 (or remove its execute bit to read it as a file)',
      }));
    });
  });
}
