/**
 * Python 3.11's random.Random(seed) — MT19937 seeded by init_by_array as CPython's _randommodule.c seeds it — for
 * Ansible's `random(seed=…)` filter, so `{{ 60 | random(seed=inventory_hostname) }}` gives each host the number
 * ansible-playbook gives it. Only what that filter uses: seeding from text or an int, getrandbits, randbelow.
 */
import { createHash } from 'node:crypto';

const N = 624;
const M = 397;

export class PyRandom {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;

  constructor(seed: string | number | bigint) {
    this.initByArray(keyWords(seedInt(seed)));
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.mti = N;
  }

  private initByArray(key: number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = ((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  private uint32(): number {
    const mt = this.mt;
    if (this.mti >= N) {
      for (let kk = 0; kk < N; kk++) {
        const y = (mt[kk]! & 0x80000000) | (mt[(kk + 1) % N]! & 0x7fffffff);
        mt[kk] = mt[(kk + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.mti = 0;
    }
    let y = mt[this.mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** random.getrandbits(k): 32-bit words, least significant first, the last one shifted down to its bits. */
  getrandbits(k: number): bigint {
    if (k <= 32) return BigInt(this.uint32() >>> (32 - k));
    let out = 0n;
    for (let shift = 0n, left = k; left > 0; left -= 32, shift += 32n) {
      let r = this.uint32();
      if (left < 32) r >>>= 32 - left;
      out |= BigInt(r) << shift;
    }
    return out;
  }

  /** Random._randbelow_with_getrandbits: k = n.bit_length() bits, redrawn until below n. */
  randbelow(n: number): number {
    if (n <= 0) return 0;
    const k = n.toString(2).length;
    let r = this.getrandbits(k);
    while (r >= BigInt(n)) r = this.getrandbits(k);
    return Number(r);
  }
}

/** random.seed(version=2): text (and bytes) become int.from_bytes(a + sha512(a)), big-endian; an int is its absolute value. */
function seedInt(seed: string | number | bigint): bigint {
  if (typeof seed === 'string') {
    const a = Buffer.from(seed, 'utf8');
    const all = Buffer.concat([a, createHash('sha512').update(a).digest()]);
    return BigInt('0x' + all.toString('hex'));
  }
  const n = BigInt(seed);
  return n < 0n ? -n : n;
}

/** The seed's 32-bit words, least significant first (at least one), as random_seed passes them to init_by_array. */
function keyWords(n: bigint): number[] {
  const words: number[] = [];
  while (n > 0n) {
    words.push(Number(n & 0xffffffffn));
    n >>= 32n;
  }
  return words.length ? words : [0];
}
