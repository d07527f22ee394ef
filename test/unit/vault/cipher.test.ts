import { describe, expect, it } from 'vitest';
import { seal, unseal } from '../../../src/vault/cipher.ts';

const pw = Buffer.from('correct horse');

describe('vault cipher', () => {
  it('round-trips bytes with the right password', () => {
    const s = seal(Buffer.from('hello\nworld'), pw);
    expect(unseal(s, pw)?.toString()).toBe('hello\nworld');
  });

  it('pads to whole AES blocks as Ansible does, a full block when already aligned', () => {
    expect(seal(Buffer.alloc(5), pw).ciphertext).toHaveLength(16);
    expect(seal(Buffer.alloc(16), pw).ciphertext).toHaveLength(32);
  });

  it('refuses a wrong password through the HMAC', () => {
    expect(unseal(seal(Buffer.from('x'), pw), Buffer.from('wrong'))).toBeUndefined();
  });

  it('refuses tampered ciphertext', () => {
    const s = seal(Buffer.from('secret value'), pw);
    s.ciphertext[0] = (s.ciphertext[0] ?? 0) ^ 1;
    expect(unseal(s, pw)).toBeUndefined();
  });

  it('is deterministic for a given salt and random otherwise', () => {
    const salt = Buffer.alloc(32, 7);
    expect(seal(Buffer.from('a'), pw, salt).ciphertext).toEqual(seal(Buffer.from('a'), pw, salt).ciphertext);
    expect(seal(Buffer.from('a'), pw).salt).not.toEqual(seal(Buffer.from('a'), pw).salt);
  });
});
