/**
 * Seal + unseal micro-benchmark (issue 16): the CPU one NTLM-sealed WinRM message costs on the controller (seal a
 * SOAP envelope string into its multipart/encrypted body) and on the other side (unseal it), for 1 KB, 64 KB and
 * 500 KB messages, and the pieces apart (RC4, HMAC-MD5, base64). Not a test: `npx tsx bench/seal.ts [rounds]`.
 *
 * CPU, not wall (process.cpuUsage): the machine is shared. Each figure is the median of `rounds` rounds; a round
 * seals and unseals enough messages to take about 100 ms.
 */
import { createHmac } from 'node:crypto';
import { decodeEncrypted, encodeEncryptedText, ENCRYPTED_CONTENT_TYPE } from '../src/transport/winrm/http/encryption.ts';
import { NtlmSession } from '../src/transport/winrm/ntlm/security.ts';
import { Rc4, nativeRc4Available } from '../src/transport/winrm/ntlm/rc4.ts';

const FLAGS = 0xe2888235; // NTLM with extended session security, KEY_EXCH, 128-bit, seal and sign
const KEY = Buffer.alloc(16, 0x55);
const SIZES: Array<[string, number]> = [['1 KB', 1024], ['64 KB', 64 * 1024], ['500 KB', 500 * 1024]];
const rounds = Number(process.argv[2] ?? 7);

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Median CPU ms per call of fn, calling it n times per round. */
function measure(n: number, fn: () => void): number {
  for (let k = 0; k < Math.min(n, 20); k++) fn(); // warm-up: JIT
  const per: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = cpuMs();
    for (let k = 0; k < n; k++) fn();
    per.push((cpuMs() - t) / n);
  }
  per.sort((a, b) => a - b);
  return per[Math.floor(per.length / 2)] as number;
}

/** An envelope like a Send: ASCII XML around base64, `size` bytes in all. */
function envelope(size: number): string {
  const head = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><rsp:Send><rsp:Stream Name="stdin">';
  const tail = '</rsp:Stream></rsp:Send></s:Body></s:Envelope>';
  const room = Math.max(0, size - head.length - tail.length);
  const b64 = Buffer.alloc(Math.ceil((room * 3) / 4), 0x5a).toString('base64').slice(0, room);
  return head + b64 + tail;
}

const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(3)} ms`);
const rate = (bytes: number, ms: number): string => `${((bytes / 1e6) / (ms / 1000)).toFixed(0)} MB/s`;

console.log(`seal/unseal micro-benchmark: Node ${process.version}, OpenSSL RC4 ${nativeRc4Available() ? 'in use' : 'not available (JavaScript RC4)'}, median of ${rounds} rounds`);
console.log('| size | seal (encodeEncryptedText) | unseal (decodeEncrypted) | seal + unseal | RC4 alone | HMAC-MD5 alone | base64 encode |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [label, size] of SIZES) {
  const text = envelope(size);
  const n = Math.max(4, Math.floor((100 * 1024 * 1024) / 8 / size / 4));
  const client = new NtlmSession('client', FLAGS, KEY);
  const server = new NtlmSession('server', FLAGS, KEY);
  // Seal alone: the server never reads these.
  const seal = measure(n, () => void encodeEncryptedText(text, client));
  // Unseal needs messages sealed in step with the reader: seal a batch apart (not timed), then unseal it.
  const c2 = new NtlmSession('client', FLAGS, KEY);
  const s2 = new NtlmSession('server', FLAGS, KEY);
  const batch: Buffer[] = [];
  const refill = (): void => {
    batch.length = 0;
    for (let k = 0; k < n; k++) batch.push(encodeEncryptedText(text, c2).body);
  };
  let at = 0;
  refill();
  const unsealTimes: number[] = [];
  for (let r = 0; r < rounds + 1; r++) {
    const t = cpuMs();
    for (const b of batch) decodeEncrypted(b, ENCRYPTED_CONTENT_TYPE, s2);
    if (r > 0) unsealTimes.push((cpuMs() - t) / n);
    at += n;
    refill();
  }
  void at;
  void server;
  unsealTimes.sort((a, b) => a - b);
  const unseal = unsealTimes[Math.floor(unsealTimes.length / 2)] as number;
  const data = Buffer.from(text, 'latin1');
  const out = Buffer.allocUnsafe(data.length + 3).subarray(3); // an odd offset, as a message body gives it
  const rc4 = new Rc4(KEY);
  const rc4Ms = measure(n, () => void rc4.update(data, out, 0));
  const seq = Buffer.alloc(4);
  const hmacMs = measure(n, () => void createHmac('md5', KEY).update(seq).update(data).digest());
  const raw = Buffer.alloc(Math.floor((size * 3) / 4), 0x5a);
  const b64Ms = measure(n, () => void raw.toString('base64'));
  console.log(
    `| ${label} | ${fmt(seal)} (${rate(size, seal)}) | ${fmt(unseal)} (${rate(size, unseal)}) | ${fmt(seal + unseal)} | ` +
      `${fmt(rc4Ms)} (${rate(size, rc4Ms)}) | ${fmt(hmacMs)} (${rate(size, hmacMs)}) | ${fmt(b64Ms)} |`,
  );
}
