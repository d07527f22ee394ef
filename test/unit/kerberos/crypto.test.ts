/**
 * Kerberos crypto against the published vectors: n-fold [RFC 3961 A.1], AES-CTS [RFC 3962 B, "chicken teriyaki"],
 * AES string-to-key (PBKDF2 + DK "kerberos") [RFC 3962 B], and rc4-hmac's key = NT hash [RFC 4757 2].
 */
import { describe, expect, it } from 'vitest';
import { ctsDecrypt, ctsEncrypt } from '../../../src/transport/winrm/kerberos/crypto/aes-cts.ts';
import { nfold } from '../../../src/transport/winrm/kerberos/crypto/nfold.ts';
import {
  AES128_CTS_HMAC_SHA1_96,
  AES256_CTS_HMAC_SHA1_96,
  RC4_HMAC,
  enctype,
} from '../../../src/transport/winrm/kerberos/crypto/index.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('n-fold (RFC 3961 A.1)', () => {
  const vectors: [number, string, string][] = [
    [64, '012345', 'be072631276b1955'],
    [56, 'password', '78a07b6caf85fa'],
    [64, 'Rough Consensus, and Running Code', 'bb6ed30870b7f0e0'],
    [168, 'password', '59e4a8ca7c0385c3c37b3f6d2000247cb6e6bd5b3e'],
    [192, 'MASSACHVSETTS INSTITVTE OF TECHNOLOGY', 'db3b0d8f0b061e603282b308a50841229ad798fab9540c1b'],
    [168, 'Q', '518a54a215a8452a518a54a215a8452a518a54a215'],
    [168, 'ba', 'fb25d531ae8974499f52fd92ea9857c4ba24cf297e'],
    [64, 'kerberos', '6b65726265726f73'],
    [128, 'kerberos', '6b65726265726f737b9b5b2b93132b93'],
    [168, 'kerberos', '8372c236344e5f1550cd0747e15d62ca7a5a3bcea4'],
    [256, 'kerberos', '6b65726265726f737b9b5b2b93132b935c9bdcdad95c9899c4cae4dee6d6cae4'],
  ];
  it.each(vectors)('%i-fold(%s)', (bits, input, out) => {
    expect(nfold(Buffer.from(input), bits / 8).toString('hex')).toBe(out);
  });
});

describe('AES-CTS (RFC 3962 B)', () => {
  const key = Buffer.from('chicken teriyaki');
  const text = Buffer.from("I would like the General Gau's Chicken, please, and wonton soup.");
  const vectors: [number, string][] = [
    [17, 'c6353568f2bf8cb4d8a580362da7ff7f97'],
    [31, 'fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5'],
    [32, '39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584'],
    [47, '97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e39312523a78662d5be7fcbcc98ebf5'],
    [48, '97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd839312523a78662d5be7fcbcc98ebf5a8'],
    [
      64,
      '97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a84807efe836ee89a526730dbc2f7bc8409dad8bbb96c4cdc03bc103e1a194bbd8',
    ],
  ];
  it.each(vectors)('%i bytes encrypt and decrypt', (len, out) => {
    const plain = text.subarray(0, len);
    expect(ctsEncrypt(key, plain).toString('hex')).toBe(out);
    expect(ctsDecrypt(key, hex(out))).toEqual(plain);
  });
});

describe('AES string-to-key (RFC 3962 B)', () => {
  const X = (n: number): string => 'X'.repeat(n);
  const vectors: [string, string, number, string, string][] = [
    ['password', 'ATHENA.MIT.EDUraeburn', 1, '42263c6e89f4fc28b8df68ee09799f15', 'fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161'],
    ['password', 'ATHENA.MIT.EDUraeburn', 2, 'c651bf29e2300ac27fa469d693bdda13', 'a2e16d16b36069c135d5e9d2e25f896102685618b95914b467c67622225824ff'],
    ['password', 'ATHENA.MIT.EDUraeburn', 1200, '4c01cd46d632d01e6dbe230a01ed642a', '55a6ac740ad17b4846941051e1e8b0a7548d93b0ab30a8bc3ff16280382b8c2a'],
    [X(64), 'pass phrase equals block size', 1200, '59d1bb789a828b1aa54ef9c2883f69ed', '89adee3608db8bc71f1bfbfe459486b05618b70cbae22092534e56c553ba4b34'],
    [X(65), 'pass phrase exceeds block size', 1200, 'cb8005dc5f90179a7f02104c0018751d', 'd78c5c9cb872a8c9dad4697f0bb5b2d21496c82beb2caeda2112fceea057401b'],
    ['\u{1d11e}', 'EXAMPLE.COMpianist', 50, 'f149c1f2e154a73452d43e7fe62a56e5', '4b6d9839f84406df1f09cc166db4b83c571848b784a3d6bdc346589a3e393f9e'],
  ];
  it.each(vectors)('%s / %s / %i iterations', (password, salt, iterations, k128, k256) => {
    const params = Buffer.alloc(4);
    params.writeUInt32BE(iterations, 0);
    expect(AES128_CTS_HMAC_SHA1_96.stringToKey(password, salt, params).toString('hex')).toBe(k128);
    expect(AES256_CTS_HMAC_SHA1_96.stringToKey(password, salt, params).toString('hex')).toBe(k256);
  });

  it('uses 4096 iterations when the KDC sends no s2kparams', () => {
    const p = Buffer.alloc(4);
    p.writeUInt32BE(4096, 0);
    expect(AES256_CTS_HMAC_SHA1_96.stringToKey('pw', 'R.TESTu', undefined)).toEqual(
      AES256_CTS_HMAC_SHA1_96.stringToKey('pw', 'R.TESTu', p),
    );
  });
});

describe('encrypt/decrypt and checksums', () => {
  it.each([18, 17, 23])('etype %i round-trips, and a wrong key, usage or flipped bit fails the integrity check', (e) => {
    const et = enctype(e);
    const key = et.randomKey();
    for (const len of [0, 1, 15, 16, 17, 100]) {
      const plain = Buffer.alloc(len, 0x41);
      const c = et.encrypt(key, 11, plain);
      expect(c.length).toBe(len + et.overhead);
      expect(et.decrypt(key, 11, c)).toEqual(plain);
      expect(et.decrypt(key, 12, c)).toBeUndefined();
      expect(et.decrypt(et.randomKey(), 11, c)).toBeUndefined();
      const flipped = Buffer.from(c);
      flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
      expect(et.decrypt(key, 11, flipped)).toBeUndefined();
    }
    expect(et.checksum(key, 10, Buffer.from('x'))).toHaveLength(et.checksumBytes);
    expect(et.checksum(key, 10, Buffer.from('x'))).not.toEqual(et.checksum(key, 11, Buffer.from('x')));
  });

  it('rc4-hmac keys are the NT hash of the password (RFC 4757 2)', () => {
    expect(RC4_HMAC.stringToKey('password', '').toString('hex')).toBe('8846f7eaee8fb117ad06bdd830b7586c');
  });

  it('refuses an etype it does not speak, with the list it does', () => {
    expect(() => enctype(16)).toThrow(/encryption type 16 is not supported/);
  });
});
