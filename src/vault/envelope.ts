/**
 * The text around the cipher: a header line `$ANSIBLE_VAULT;1.1;AES256` (1.2 adds `;label`, the vault id), then
 * the hex of "hex(salt)\nhex(hmac)\nhex(ciphertext)" — hexlified twice, as Ansible does — in 80-column lines.
 */
import type { Sealed } from './cipher.ts';

export const HEADER_PREFIX = '$ANSIBLE_VAULT';
const WIDTH = 80;

export interface Envelope {
  version: string;
  cipher: string;
  /** The vault id of a 1.2 envelope; undefined for 1.1. */
  label?: string;
  sealed: Sealed;
}

export function isVaultText(text: string): boolean {
  return text.trimStart().startsWith(HEADER_PREFIX + ';');
}

/** Parses an envelope; a string says what is wrong with it. */
export function parseEnvelope(text: string): Envelope | string {
  const lines = text.trim().split(/\r?\n/).map((l) => l.trim());
  const header = (lines.shift() ?? '').split(';');
  const [magic, version, cipher, label] = header;
  if (magic !== HEADER_PREFIX || version === undefined || cipher === undefined) return 'not an Ansible Vault text (no $ANSIBLE_VAULT header)';
  if (version !== '1.1' && version !== '1.2') return `unsupported vault format version ${version} (1.1 and 1.2 are supported)`;
  if (cipher !== 'AES256') return `unsupported vault cipher ${cipher} (only AES256 exists)`;
  const body = lines.join('');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(body)) return 'the vault body is not hexadecimal (the text was altered or truncated)';
  const parts = Buffer.from(body, 'hex').toString('latin1').split('\n');
  if (parts.length !== 3 || !parts.every((p) => /^(?:[0-9a-fA-F]{2})+$/.test(p))) return 'the vault body is malformed (expected salt, hmac and ciphertext)';
  const [salt, hmac, ciphertext] = parts.map((p) => Buffer.from(p, 'hex')) as [Buffer, Buffer, Buffer];
  return { version, cipher, label: version === '1.2' ? label : undefined, sealed: { salt, hmac, ciphertext } };
}

/** The envelope text, ending with a newline, as `ansible-vault encrypt` writes a file. */
export function formatEnvelope(sealed: Sealed, label?: string): string {
  const header = label !== undefined && label !== 'default' ? `${HEADER_PREFIX};1.2;AES256;${label}` : `${HEADER_PREFIX};1.1;AES256`;
  const inner = [sealed.salt, sealed.hmac, sealed.ciphertext].map((b) => b.toString('hex')).join('\n');
  const hex = Buffer.from(inner, 'latin1').toString('hex');
  const rows: string[] = [header];
  for (let i = 0; i < hex.length; i += WIDTH) rows.push(hex.slice(i, i + WIDTH));
  return rows.join('\n') + '\n';
}
