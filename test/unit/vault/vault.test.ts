import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { encryptString, Vault } from '../../../src/vault/index.ts';

const fixtures = new URL('../../fixtures/vault/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const password = Buffer.from(read('password.txt').trim());
const pos = { file: 'f.yml', line: 4, col: 9 };

function caught(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('Vault', () => {
  it('decrypts a file ansible-vault encrypted and remembers the plaintext for redaction', () => {
    const v = new Vault([{ label: 'default', password }]);
    const text = v.decrypt(read('secrets.yml'), pos);
    expect(text).toBe(read('plain.yml'));
    expect(v.revealed).toEqual([text]);
  });

  it('decrypts a 1.2 value with the password of its vault id among several', () => {
    const v = new Vault([{ label: 'dev', password: Buffer.from('nope') }, { label: 'prod', password }]);
    const block = read('inline-prod.yml').split('\n').slice(1).map((l) => l.trim()).join('\n');
    expect(v.decrypt(block, pos)).toBe('k-123');
  });

  it('fails with VAULT_DECRYPT_FAILED at the value position and a hint when no password fits', () => {
    const v = new Vault([{ label: 'default', password: Buffer.from('wrong') }]);
    const e = caught(() => v.decrypt(read('secrets.yml'), pos));
    expect(e).toMatchObject({ code: 'VAULT_DECRYPT_FAILED', pos, exitCode: 3 });
    expect(e.hint).toContain('--vault-password-file');
  });

  it('fails with VAULT_NO_PASSWORD when no password was given', () => {
    expect(caught(() => new Vault([]).decrypt(read('secrets.yml'), pos))).toMatchObject({ code: 'VAULT_NO_PASSWORD', pos });
  });

  it('encrypts with the only password, or asks which one when several are given', () => {
    const one = new Vault([{ label: 'default', password }]);
    expect(one.decrypt(one.encrypt('abc'), pos)).toBe('abc');
    const two = new Vault([{ label: 'a', password }, { label: 'b', password }]);
    expect(caught(() => two.encrypt('x'))).toMatchObject({ code: 'VAULT_ID_AMBIGUOUS' });
    expect(two.encrypt('x', 'b').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;b');
    expect(caught(() => two.encrypt('x', 'c'))).toMatchObject({ code: 'VAULT_ID_UNKNOWN' });
  });

  it('prints encrypt_string output in the shape ansible-vault does', () => {
    const out = encryptString('$ANSIBLE_VAULT;1.1;AES256\n6161\n', 'db_pass');
    expect(out).toBe('db_pass: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          6161\n');
    expect(encryptString('$ANSIBLE_VAULT;1.1;AES256\n6161\n')).toMatch(/^!vault \|\n {10}\$ANSIBLE/);
  });
});
