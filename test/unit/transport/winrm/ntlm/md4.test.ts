import { describe, it, expect } from 'vitest';
import { md4 } from '../../../../../src/transport/winrm/ntlm/md4.ts';

// RFC 1320 appendix A.5 test suite.
const SUITE: Array<[string, string]> = [
  ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
  ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
  ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
  ['message digest', 'd9130a8164549fe818874806e1c7014b'],
  ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
  ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
  ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', 'e33b4ddc9c38f2199c3e7b164fcc0536'],
];

describe('md4', () => {
  it.each(SUITE)('hashes %j as in RFC 1320', (input, digest) => {
    expect(md4(Buffer.from(input, 'latin1')).toString('hex')).toBe(digest);
  });

  it('handles inputs around the 56-byte padding boundary', () => {
    // 55 and 56 bytes fall on either side of the one-block/two-block split; just prove they differ and are stable.
    const a = md4(Buffer.alloc(55, 0x61));
    const b = md4(Buffer.alloc(56, 0x61));
    expect(a).toHaveLength(16);
    expect(a.equals(b)).toBe(false);
    expect(md4(Buffer.alloc(56, 0x61)).equals(b)).toBe(true);
  });
});
