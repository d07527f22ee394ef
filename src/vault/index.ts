/** Ansible Vault 1.1/1.2 (AES256): read and write vault files and `!vault` values; see docs/vault.md. */
export { Vault, BAD_PASSWORD_HINT } from './vault.ts';
export { loadVaultSecrets, parseVaultId, DEFAULT_LABEL } from './secrets.ts';
export type { VaultSecret, VaultPasswordOptions } from './secrets.ts';
export { isVaultText, parseEnvelope, formatEnvelope } from './envelope.ts';
export { decryptInline, isVaultValue, tagPos } from './inline.ts';
export { decryptInventory } from './inventory.ts';
export { encryptString } from './encrypt-string.ts';
