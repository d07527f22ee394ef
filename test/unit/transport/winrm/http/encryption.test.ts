import { describe, it, expect } from 'vitest';
import {
  ENCRYPTED_CONTENT_TYPE, decodeEncrypted, encodeEncrypted, encodeEncryptedText, isEncryptedContentType,
} from '../../../../../src/transport/winrm/http/encryption.ts';
import type { MessageSecurity } from '../../../../../src/transport/winrm/gss/types.ts';
import { NtlmSession } from '../../../../../src/transport/winrm/ntlm/security.ts';

/** Predictable context, like pywinrm's test: sealing reverses the bytes, the signature is a fixed marker. */
function fakeContext(sig = Buffer.from('SIG!')): MessageSecurity {
  return {
    wrap: (plain) => ({ signature: sig, sealed: Buffer.from(plain).reverse() }),
    unwrap: (sealed, signature) => {
      if (!signature.equals(sig)) throw new Error('bad signature');
      return Buffer.from(sealed).reverse();
    },
  };
}

const KEY = Buffer.alloc(16, 0x55);
const FLAGS = 0xe2888235;

describe('multipart/encrypted framing', () => {
  it('lays out the body byte for byte as MS-WSMV 2.2.9.1.1.2 and pywinrm expect', () => {
    // pywinrm's test_encryption.py fake: "sealing" is base64, the signature is "1234".
    const pywinrmFake: MessageSecurity = {
      wrap: (p) => ({ signature: Buffer.from('1234'), sealed: Buffer.from(p.toString('base64')) }),
      unwrap: (s) => Buffer.from(s.toString(), 'base64'),
    };
    const plain = Buffer.from('unencrypted message'); // 19 bytes
    const { body, contentType } = encodeEncrypted(plain, pywinrmFake);
    expect(contentType).toBe('multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary="Encrypted Boundary"');
    const expected = Buffer.concat([
      Buffer.from(
        '--Encrypted Boundary\r\n' +
          '\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n' +
          '\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=19\r\n' +
          '--Encrypted Boundary\r\n' +
          '\tContent-Type: application/octet-stream\r\n',
      ),
      Buffer.from([4, 0, 0, 0]),
      Buffer.from('1234'),
      Buffer.from('dW5lbmNyeXB0ZWQgbWVzc2FnZQ=='),
      Buffer.from('--Encrypted Boundary--\r\n'),
    ]);
    expect(body.toString('hex')).toBe(expected.toString('hex'));
    expect(body).toHaveLength(272); // pywinrm's Content-Length for this message with the closing hyphens
    expect(decodeEncrypted(body, contentType, pywinrmFake).toString()).toBe('unencrypted message');
  });

  it('accepts the closing boundary without hyphens, as older pywinrm sends it', () => {
    const { body } = encodeEncrypted(Buffer.from('hello'), fakeContext());
    const old = Buffer.concat([body.subarray(0, body.length - 24), Buffer.from('--Encrypted Boundary\r\n')]);
    expect(decodeEncrypted(old, ENCRYPTED_CONTENT_TYPE, fakeContext()).toString()).toBe('hello');
  });

  it('writes the NTLM signature length 16 as u32 little-endian', () => {
    const { body } = encodeEncrypted(Buffer.from('x'), new NtlmSession('client', FLAGS, KEY));
    const start = body.indexOf('application/octet-stream\r\n') + 'application/octet-stream\r\n'.length;
    expect(body.readUInt32LE(start)).toBe(16);
    expect(body.readUInt32LE(start + 4)).toBe(1); // signature version
    expect(body.subarray(start + 4 + 16 + 1).toString()).toBe('--Encrypted Boundary--\r\n');
  });

  it('round-trips with real NTLM sessions in both directions, over a continuous stream', () => {
    const client = new NtlmSession('client', FLAGS, KEY);
    const server = new NtlmSession('server', FLAGS, KEY);
    for (const text of ['<a/>', 'é'.repeat(1000), '']) {
      const up = encodeEncrypted(Buffer.from(text), client);
      expect(decodeEncrypted(up.body, up.contentType, server).toString()).toBe(text);
      const down = encodeEncrypted(Buffer.from(`re:${text}`), server);
      expect(decodeEncrypted(down.body, down.contentType, client).toString()).toBe(`re:${text}`);
    }
  });

  it('accepts part headers without the TAB and an unquoted boundary', () => {
    const { body } = encodeEncrypted(Buffer.from('hello'), fakeContext());
    const noTab = Buffer.from(body.toString('latin1').replace(/\r\n\t/g, '\r\n'), 'latin1');
    const ct = 'multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary=Encrypted Boundary';
    expect(decodeEncrypted(noTab, ENCRYPTED_CONTENT_TYPE, fakeContext()).toString()).toBe('hello');
    expect(decodeEncrypted(body, ct, fakeContext()).toString()).toBe('hello');
  });

  it('rejects a body whose decrypted length differs from OriginalContent Length', () => {
    const { body, contentType } = encodeEncrypted(Buffer.from('hello'), fakeContext());
    const lied = Buffer.from(body.toString('latin1').replace('Length=5', 'Length=6'), 'latin1');
    expect(() => decodeEncrypted(lied, contentType, fakeContext())).toThrow(/message has been tampered with/);
  });

  it('rejects a tampered ciphertext through the NTLM signature', () => {
    const client = new NtlmSession('client', FLAGS, KEY);
    const server = new NtlmSession('server', FLAGS, KEY);
    const { body, contentType } = encodeEncrypted(Buffer.from('hello world'), client);
    body[body.length - 30] = (body[body.length - 30] ?? 0) ^ 1;
    expect(() => decodeEncrypted(body, contentType, server)).toThrow(/tampered/);
  });

  it('rejects a replayed message and a tampered signature (decrypted in place, still checked)', () => {
    const client = new NtlmSession('client', FLAGS, KEY);
    const server = new NtlmSession('server', FLAGS, KEY);
    const first = encodeEncryptedText('<a>one</a>', client);
    const replay = Buffer.from(first.body);
    expect(decodeEncrypted(first.body, first.contentType, server).toString()).toBe('<a>one</a>');
    expect(() => decodeEncrypted(replay, first.contentType, server)).toThrow(/sequence number 0 where 1/);
    const c2 = new NtlmSession('client', FLAGS, KEY);
    const s2 = new NtlmSession('server', FLAGS, KEY);
    const { body, contentType } = encodeEncryptedText('x'.repeat(3000), c2);
    const sigAt = body.indexOf('application/octet-stream\r\n') + 'application/octet-stream\r\n'.length + 4;
    body[sigAt + 6] = (body[sigAt + 6] ?? 0) ^ 1; // a checksum byte
    expect(() => decodeEncrypted(body, contentType, s2)).toThrow(/tampered/);
  });

  it('reads the canonical layout by its bytes and any other layout by the patterns, with the same result and checks', () => {
    const client = new NtlmSession('client', FLAGS, KEY);
    const server = new NtlmSession('server', FLAGS, KEY);
    const text = '<s:Envelope>' + 'é'.repeat(700) + '</s:Envelope>';
    // Canonical, then a variant the byte comparison refuses (no TABs, a space after --, the closing without
    // hyphens), then a part header naming the other protocol than the Content-Type: all three decode the same.
    const a = encodeEncryptedText(text, client);
    expect(decodeEncrypted(a.body, a.contentType, server).toString()).toBe(text);
    const b = encodeEncryptedText(text, client);
    const bHead = b.body.indexOf('application/octet-stream\r\n') + 'application/octet-stream\r\n'.length;
    const variant = Buffer.concat([
      Buffer.from(b.body.subarray(0, bHead).toString('latin1').replace(/\r\n\t/g, '\r\n').replace(/--Encrypted/g, '-- Encrypted'), 'latin1'),
      b.body.subarray(bHead, b.body.length - 24),
      Buffer.from('--Encrypted Boundary\r\n'),
    ]);
    expect(decodeEncrypted(variant, b.contentType, server).toString()).toBe(text);
    const c = encodeEncryptedText(text, client);
    const other = Buffer.from(c.body.toString('latin1').replace('HTTP-SPNEGO-session-encrypted', 'HTTP-Kerberos-session-encrypted'), 'latin1');
    expect(decodeEncrypted(other, c.contentType, server).toString()).toBe(text);
    // A Length= too long for the byte comparison goes to the patterns, which read it and refuse the mismatch.
    const d = encodeEncryptedText(text, client);
    const len = Buffer.byteLength(text);
    const long = Buffer.from(d.body.toString('latin1').replace(`Length=${len}`, `Length=${'0'.repeat(12)}${len + 1}`), 'latin1');
    expect(() => decodeEncrypted(long, d.contentType, server)).toThrow(/tampered/);
  });

  it('rejects bodies that are not the framing', () => {
    expect(() => decodeEncrypted(Buffer.from('<s:Envelope/>'), ENCRYPTED_CONTENT_TYPE, fakeContext())).toThrow(/malformed/);
    expect(() => decodeEncrypted(Buffer.from('x'), 'application/soap+xml', fakeContext())).toThrow(/Content-Type/);
  });

  it('recognises the encrypted content type', () => {
    expect(isEncryptedContentType(ENCRYPTED_CONTENT_TYPE)).toBe(true);
    expect(isEncryptedContentType('multipart/encrypted;protocol="application/HTTP-SPNEGO-session-encrypted";boundary=Encrypted Boundary')).toBe(true);
    expect(isEncryptedContentType('application/soap+xml;charset=UTF-8')).toBe(false);
    expect(isEncryptedContentType('multipart/encrypted;protocol="application/HTTP-CredSSP-session-encrypted"')).toBe(false);
    expect(isEncryptedContentType(undefined)).toBe(false);
  });

  it('frames an NTLM-sealed string (sealed in place) byte for byte as it frames the same text through wrap()', () => {
    const text = '<s:Envelope>é ünïcode ' + 'x'.repeat(5000) + '</s:Envelope>';
    const viaWrap = new NtlmSession('client', FLAGS, KEY);
    const inPlace = new NtlmSession('client', FLAGS, KEY);
    // The reference: the generic path, a context without wrapInto.
    const generic: MessageSecurity = { wrap: (p) => viaWrap.wrap(p), unwrap: (s, g) => viaWrap.unwrap(s, g) };
    const server = new NtlmSession('server', FLAGS, KEY);
    for (let n = 0; n < 3; n++) {
      const want = encodeEncrypted(Buffer.from(text), generic);
      const got = n % 2 ? encodeEncrypted(Buffer.from(text), inPlace) : encodeEncryptedText(text, inPlace);
      expect(got.contentType).toBe(want.contentType);
      expect(got.body.equals(want.body)).toBe(true);
      expect(decodeEncrypted(got.body, got.contentType, server).toString()).toBe(text);
    }
  });
});
