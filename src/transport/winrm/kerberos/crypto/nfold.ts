/**
 * n-fold [RFC 3961 5.1]: stretches or folds `input` to `outBytes` bytes. The input is repeated lcm(in, out)/in times,
 * each copy rotated right by 13 more bits than the last, and the out-byte chunks are summed with end-around carry
 * (ones'-complement addition, big-endian).
 */
export function nfold(input: Buffer, outBytes: number): Buffer {
  const inBytes = input.length;
  const lcm = (inBytes * outBytes) / gcd(inBytes, outBytes);
  const big = Buffer.alloc(lcm);
  for (let copy = 0; copy < lcm / inBytes; copy++) rotateRight(input, 13 * copy).copy(big, copy * inBytes);
  const sum = new Array<number>(outBytes).fill(0);
  for (let off = 0; off < lcm; off += outBytes) {
    let carry = 0;
    for (let i = outBytes - 1; i >= 0; i--) {
      const v = (sum[i] as number) + (big[off + i] as number) + carry;
      sum[i] = v & 0xff;
      carry = v >>> 8;
    }
    // End-around carry: fold what overflowed the top byte back into the bottom, until nothing overflows.
    for (let i = outBytes - 1; carry !== 0; i = (i - 1 + outBytes) % outBytes) {
      const v = (sum[i] as number) + carry;
      sum[i] = v & 0xff;
      carry = v >>> 8;
    }
  }
  return Buffer.from(sum);
}

function rotateRight(data: Buffer, bits: number): Buffer {
  const n = data.length;
  const totalBits = n * 8;
  const shift = bits % totalBits;
  const out = Buffer.alloc(n);
  for (let i = 0; i < totalBits; i++) {
    const src = (i - shift + totalBits) % totalBits;
    if (((data[src >> 3] as number) >> (7 - (src & 7))) & 1) out[i >> 3] = (out[i >> 3] as number) | (0x80 >> (i & 7));
  }
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
