import { describe, it, expect } from 'vitest';
import { Rc4, rc4 } from '../../../../../src/transport/winrm/ntlm/rc4.ts';

describe('rc4', () => {
  it.each([
    ['Key', 'Plaintext', 'bbf316e8d940af0ad3'],
    ['Wiki', 'pedia', '1021bf0420'],
    ['Secret', 'Attack at dawn', '45a01f645fc35b383552544b9bf5'],
  ])('encrypts with key %j as the published vectors say', (key, plain, cipher) => {
    expect(rc4(Buffer.from(key), Buffer.from(plain)).toString('hex')).toBe(cipher);
  });

  it('continues its keystream across calls instead of restarting', () => {
    const whole = rc4(Buffer.from('Secret'), Buffer.from('Attack at dawn'));
    const stream = new Rc4(Buffer.from('Secret'));
    const parts = Buffer.concat([stream.update(Buffer.from('Attack')), stream.update(Buffer.from(' at dawn'))]);
    expect(parts.equals(whole)).toBe(true);
  });

  it('decrypts with the same operation', () => {
    const key = Buffer.from('k');
    expect(rc4(key, rc4(key, Buffer.from('round trip'))).toString()).toBe('round trip');
  });
});
