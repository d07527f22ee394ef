import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Rc4, nativeRc4Available, rc4 } from '../../../../../src/transport/winrm/ntlm/rc4.ts';

/** The textbook one-byte-at-a-time RC4 (RFC 6229's reference), to hold the unrolled loop against. */
function reference(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, n) => n);
  let j = 0;
  for (let n = 0; n < 256; n++) {
    j = (j + (s[n] as number) + (key[n % key.length] as number)) & 0xff;
    [s[n], s[j]] = [s[j] as number, s[n] as number];
  }
  const out = Buffer.alloc(data.length);
  let i = 0;
  j = 0;
  for (let n = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + (s[i] as number)) & 0xff;
    [s[i], s[j]] = [s[j] as number, s[i] as number];
    out[n] = (data[n] as number) ^ (s[((s[i] as number) + (s[j] as number)) & 0xff] as number);
  }
  return out;
}

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

  it('gives the reference keystream for every length and split, into a new buffer, another buffer or in place', () => {
    // This process has no legacy provider (no --openssl-legacy-provider), so this is the JavaScript loop.
    expect(nativeRc4Available()).toBe(false);
    const key = randomBytes(16);
    const data = randomBytes(1031);
    const want = reference(key, data);
    for (const cut of [0, 1, 2, 3, 4, 5, 7, 8, 513, 1030, 1031]) {
      const a = new Rc4(key);
      expect(Buffer.concat([a.update(data.subarray(0, cut)), a.update(data.subarray(cut))]).equals(want)).toBe(true);
      const b = new Rc4(key);
      const out = Buffer.alloc(data.length + 10, 0xee);
      b.update(data.subarray(0, cut), out, 3);
      b.update(data.subarray(cut), out, 3 + cut);
      expect(out.subarray(3, 3 + data.length).equals(want)).toBe(true);
      expect(out[2]).toBe(0xee);
      expect(out[3 + data.length]).toBe(0xee);
      const c = new Rc4(key);
      const inPlace = Buffer.from(data);
      c.update(inPlace.subarray(0, cut), inPlace, 0);
      c.update(inPlace.subarray(cut), inPlace, cut);
      expect(inPlace.equals(want)).toBe(true);
    }
  });

  it('gives the reference keystream at every alignment of input and output (the 32-bit word loop and its edges)', () => {
    const key = randomBytes(16);
    const data = randomBytes(300);
    for (let len = 0; len <= 40; len++) {
      const want = reference(key, data.subarray(0, len));
      for (let inAt = 0; inAt < 4; inAt++) {
        // Its own ArrayBuffer, so byteOffset is exactly inAt (pool buffers start at any multiple of 8).
        const src = new Uint8Array(new ArrayBuffer(len + 8), inAt, len);
        src.set(data.subarray(0, len));
        for (let outAt = 0; outAt < 4; outAt++) {
          const out = Buffer.from(new ArrayBuffer(len + 8), 0, len + 8).fill(0xee);
          new Rc4(key).update(src, out, outAt);
          expect(Buffer.from(out.subarray(outAt, outAt + len)).equals(want)).toBe(true);
          expect(out[outAt + len]).toBe(0xee);
          if (outAt > 0) expect(out[outAt - 1]).toBe(0xee);
        }
        const inPlace = Buffer.from(src.buffer, src.byteOffset, len);
        const copy = Buffer.from(inPlace);
        new Rc4(key).update(inPlace, inPlace, 0);
        expect(inPlace.equals(want)).toBe(true);
        // The input is unchanged when the output is elsewhere.
        const again = Buffer.from(copy);
        new Rc4(key).update(again, Buffer.alloc(len + 1), 1);
        expect(again.equals(copy)).toBe(true);
      }
    }
  });

  it('refuses an output buffer too small for the data', () => {
    expect(() => new Rc4(Buffer.from('k')).update(Buffer.alloc(8), Buffer.alloc(10), 3)).toThrow(RangeError);
  });

  it("uses OpenSSL's RC4 when node runs with the legacy provider, with the same keystream across calls", () => {
    const src = fileURLToPath(new URL('../../../../../src/transport/winrm/ntlm/rc4.ts', import.meta.url));
    const key = randomBytes(16);
    const data = randomBytes(777);
    const script =
      `import { Rc4, nativeRc4Available } from ${JSON.stringify(src)};` +
      `const r = new Rc4(Buffer.from('${key.toString('hex')}', 'hex')); const d = Buffer.from('${data.toString('hex')}', 'hex');` +
      `const out = Buffer.alloc(d.length); r.update(d.subarray(0, 5), out, 0); r.update(d.subarray(5), out, 5);` +
      `process.stdout.write(JSON.stringify({ native: nativeRc4Available(), out: out.toString('hex') }));`;
    const got = JSON.parse(execFileSync(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })) as { native: boolean; out: string };
    expect(got.native).toBe(true);
    expect(got.out).toBe(reference(key, data).toString('hex'));
  });
});
