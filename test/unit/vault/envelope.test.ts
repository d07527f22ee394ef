import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seal } from '../../../src/vault/cipher.ts';
import { formatEnvelope, isVaultText, parseEnvelope } from '../../../src/vault/envelope.ts';

const fixture = readFileSync(new URL('../../fixtures/vault/secrets.yml', import.meta.url), 'utf8');

describe('vault envelope', () => {
  it('parses a file ansible-vault wrote', () => {
    const env = parseEnvelope(fixture);
    expect(env).toMatchObject({ version: '1.1', cipher: 'AES256', label: undefined });
    if (typeof env === 'string') throw new Error(env);
    expect(env.sealed.salt).toHaveLength(32);
    expect(env.sealed.hmac).toHaveLength(32);
  });

  it('writes the 1.1 header without a vault id and 1.2 with one, in 80-column lines', () => {
    const s = seal(Buffer.from('x'.repeat(100)), Buffer.from('p'));
    const plain = formatEnvelope(s);
    expect(plain.split('\n')[0]).toBe('$ANSIBLE_VAULT;1.1;AES256');
    expect(plain.endsWith('\n')).toBe(true);
    expect(plain.trim().split('\n').slice(1, -1).every((l) => l.length === 80)).toBe(true);
    expect(formatEnvelope(s, 'prod').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect(formatEnvelope(s, 'default').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.1;AES256');
  });

  it('round-trips salt, hmac and ciphertext through the double hex layer', () => {
    const s = seal(Buffer.from('round trip'), Buffer.from('p'));
    expect(parseEnvelope(formatEnvelope(s, 'lab'))).toEqual({ version: '1.2', cipher: 'AES256', label: 'lab', sealed: s });
  });

  it('says what is wrong with damaged or foreign text', () => {
    expect(parseEnvelope('hello')).toMatch(/no \$ANSIBLE_VAULT header/);
    expect(parseEnvelope('$ANSIBLE_VAULT;2.0;AES256\n00')).toMatch(/version 2.0/);
    expect(parseEnvelope('$ANSIBLE_VAULT;1.1;AES\n00')).toMatch(/cipher AES/);
    expect(parseEnvelope('$ANSIBLE_VAULT;1.1;AES256\nzz')).toMatch(/not hexadecimal/);
    expect(parseEnvelope(fixture.slice(0, 200))).toMatch(/malformed|not hexadecimal/);
    expect(isVaultText(fixture)).toBe(true);
    expect(isVaultText('a: 1')).toBe(false);
  });
});
