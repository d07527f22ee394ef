import { describe, it, expect } from 'vitest';
import { NtlmSession } from '../../../../../src/transport/winrm/ntlm/security.ts';
import { NtlmError } from '../../../../../src/transport/winrm/ntlm/errors.ts';
import { V } from './vectors.ts';

const h = (b: Buffer): string => b.toString('hex');

describe('NtlmSession seal and sign (MS-NLMP 4.2.4.4)', () => {
  it('seals "Plaintext" as the spec shows, then continues the RC4 stream for message #2', () => {
    const client = new NtlmSession('client', V.challengeFlags, V.randomSessionKey);
    const m1 = client.wrap(V.plaintext);
    expect(h(m1.sealed)).toBe(h(V.client1.sealed));
    expect(h(m1.signature)).toBe(h(V.client1.signature));
    const m2 = client.wrap(V.plaintext);
    expect(h(m2.sealed)).toBe(h(V.client2.sealed));
    expect(h(m2.signature)).toBe(h(V.client2.signature));
  });

  it('seals into a caller\'s buffer (and in place) exactly as wrap() does, message after message', () => {
    const a = new NtlmSession('client', V.challengeFlags, V.randomSessionKey);
    const b = new NtlmSession('client', V.challengeFlags, V.randomSessionKey);
    for (const plain of [V.plaintext, Buffer.from('x'.repeat(1001)), V.plaintext]) {
      const want = a.wrap(plain);
      const out = Buffer.from(Buffer.concat([Buffer.alloc(20), plain]));
      b.wrapInto(out.subarray(20), out, 2, 20);
      expect(h(out.subarray(2, 18))).toBe(h(want.signature));
      expect(h(out.subarray(20))).toBe(h(want.sealed));
    }
  });

  it('seals server messages with the server-to-client keys', () => {
    const server = new NtlmSession('server', V.challengeFlags, V.randomSessionKey);
    const m1 = server.wrap(V.plaintext);
    expect(h(m1.sealed)).toBe(h(V.server1.sealed));
    expect(h(m1.signature)).toBe(h(V.server1.signature));
  });

  it('unwraps the spec vectors on the other side', () => {
    const server = new NtlmSession('server', V.challengeFlags, V.randomSessionKey);
    expect(server.unwrap(V.client1.sealed, V.client1.signature).equals(V.plaintext)).toBe(true);
    expect(server.unwrap(V.client2.sealed, V.client2.signature).equals(V.plaintext)).toBe(true);
    const client = new NtlmSession('client', V.challengeFlags, V.randomSessionKey);
    expect(client.unwrap(V.server1.sealed, V.server1.signature).equals(V.plaintext)).toBe(true);
  });

  it('unwraps in place (the ciphertext\'s own bytes become the plaintext) exactly as unwrap() does, and checks as much', () => {
    const server = new NtlmSession('server', V.challengeFlags, V.randomSessionKey);
    const m1 = Buffer.from(V.client1.sealed);
    const plain = server.unwrapInPlace(m1, V.client1.signature);
    expect(plain.equals(V.plaintext)).toBe(true);
    expect(plain.buffer === m1.buffer && plain.byteOffset === m1.byteOffset).toBe(true);
    expect(server.unwrapInPlace(Buffer.from(V.client2.sealed), V.client2.signature).equals(V.plaintext)).toBe(true);
    const tampered = new NtlmSession('server', V.challengeFlags, V.randomSessionKey);
    const bad = Buffer.from(V.client1.sealed);
    bad[3] = (bad[3] ?? 0) ^ 0x10;
    expect(() => tampered.unwrapInPlace(bad, V.client1.signature)).toThrow(/tampered/);
    const replay = new NtlmSession('server', V.challengeFlags, V.randomSessionKey);
    expect(() => replay.unwrapInPlace(Buffer.from(V.client2.sealed), V.client2.signature)).toThrow(/sequence number 1 where 0/);
  });

  it('rejects a tampered ciphertext', () => {
    const server = new NtlmSession('server', V.challengeFlags, V.randomSessionKey);
    const bad = Buffer.from(V.client1.sealed);
    bad[0] = (bad[0] ?? 0) ^ 1;
    expect(() => server.unwrap(bad, V.client1.signature)).toThrow(NtlmError);
  });

  it('rejects a message whose sequence number is not the next one', () => {
    const server = new NtlmSession('server', V.challengeFlags, V.randomSessionKey);
    expect(() => server.unwrap(V.client2.sealed, V.client2.signature)).toThrow(/sequence number 1 where 0/);
  });
});
