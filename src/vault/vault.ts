/**
 * A Vault holds the run's vault secrets and decrypts/encrypts Ansible Vault text with them. Every plaintext it
 * reveals is remembered so the caller can hand them to the engine's redaction (EngineOptions.secrets).
 */
import { InputError, type SourcePos } from '../errors.ts';
import { seal, unseal } from './cipher.ts';
import { formatEnvelope, parseEnvelope } from './envelope.ts';
import { DEFAULT_LABEL, type VaultSecret } from './secrets.ts';
import { stringLeaves } from './leaves.ts';

export const BAD_PASSWORD_HINT =
  'check the vault password (--vault-password-file, --ask-vault-pass or --vault-id label@source); ' +
  'view the value with `winbook vault view FILE` to confirm the password';

export class Vault {
  readonly secrets: readonly VaultSecret[];
  private readonly seen = new Set<string>();

  constructor(secrets: readonly VaultSecret[]) {
    this.secrets = secrets;
  }

  /** Every plaintext decrypted so far, for redaction. */
  get revealed(): string[] {
    return [...this.seen];
  }

  /** Decrypts envelope text to a string, remembered for redaction; `pos` is where the value sits. */
  decrypt(text: string, pos: SourcePos): string {
    const value = this.decryptBytes(text, pos).toString('utf8');
    if (value.trim() !== '') this.seen.add(value);
    return value;
  }

  /**
   * Decrypts a whole vault-encrypted vars file. Its plaintext as a whole is no use to redaction, so each string
   * value in it is remembered too (the redactor hides one under 4 characters only where it is a whole value).
   */
  decryptVarsFile = (text: string, file: string): string => {
    const plain = this.decrypt(text, { file, line: 1, col: 1 });
    for (const leaf of stringLeaves(plain)) if (leaf.trim() !== '') this.seen.add(leaf);
    return plain;
  };

  /** Decrypts envelope text to bytes (vault files may hold anything). */
  decryptBytes(text: string, pos: SourcePos): Buffer {
    const env = parseEnvelope(text);
    if (typeof env === 'string') throw new InputError('VAULT_INVALID', env, { pos, hint: 'the vault text must be exactly as ansible-vault wrote it' });
    if (this.secrets.length === 0) {
      throw new InputError('VAULT_NO_PASSWORD', 'this value is vault-encrypted and no vault password was given', {
        pos,
        hint: 'pass --vault-password-file FILE, --ask-vault-pass or --vault-id label@source',
      });
    }
    // The secret whose label matches the envelope's vault id first, then the rest, as Ansible tries them.
    const ordered = [...this.secrets].sort((a, b) => Number(b.label === env.label) - Number(a.label === env.label));
    for (const s of ordered) {
      const plain = unseal(env.sealed, s.password);
      if (plain) return plain;
    }
    const ids = this.secrets.map((s) => s.label).join(', ');
    const encryptedWith = env.label ? ` (it was encrypted with vault id '${env.label}')` : '';
    throw new InputError('VAULT_DECRYPT_FAILED', `decryption failed: none of the vault passwords given (${ids}) decrypt this value${encryptedWith}`, {
      pos,
      hint: BAD_PASSWORD_HINT,
    });
  }

  /** The secret to encrypt with: the one named, or the only one given. */
  encryptSecret(label?: string): VaultSecret {
    if (label !== undefined) {
      const s = this.secrets.find((x) => x.label === label);
      if (s) return s;
      throw new InputError('VAULT_ID_UNKNOWN', `no vault password was given for vault id '${label}'`, {
        hint: `pass --vault-id ${label}@FILE (given ids: ${this.secrets.map((x) => x.label).join(', ') || 'none'})`,
      });
    }
    const [only, ...more] = this.secrets;
    if (!only) {
      throw new InputError('VAULT_NO_PASSWORD', 'no vault password was given to encrypt with', {
        hint: 'pass --vault-password-file FILE, --ask-vault-pass or --vault-id label@source',
      });
    }
    if (more.length) {
      throw new InputError('VAULT_ID_AMBIGUOUS', `several vault ids are available to encrypt with (${this.secrets.map((x) => x.label).join(', ')})`, {
        hint: 'choose one with --encrypt-vault-id LABEL',
      });
    }
    return only;
  }

  encrypt(plaintext: string | Buffer, label?: string): string {
    const s = this.encryptSecret(label);
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    return formatEnvelope(seal(data, s.password), s.label === DEFAULT_LABEL ? undefined : s.label);
  }
}
