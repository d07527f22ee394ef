/**
 * KDC transport [RFC 4120 7.2]: UDP first, TCP with a 4-byte length when the KDC answers KRB_ERR_RESPONSE_TOO_BIG
 * (as MIT does), and an error naming each address when nothing answers. Fake KDCs on loopback.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeKrbError } from '../../../src/transport/winrm/kerberos/kdc-messages.ts';
import { sendToKdc } from '../../../src/transport/winrm/kerberos/kdc-transport.ts';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

const tooBig = encodeKrbError({ errorCode: 52, stime: new Date(), susec: 0, realm: 'R', sname: { type: 2, parts: ['krbtgt', 'R'] } });

async function fakeKdc(udpReply: Buffer | undefined, tcpReply: Buffer): Promise<{ port: number; seen: string[] }> {
  const seen: string[] = [];
  const tcp = createServer((s) => {
    s.once('data', (d: Buffer) => {
      seen.push(`tcp:${d.readUInt32BE(0)}:${d.subarray(4).toString()}`);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(tcpReply.length, 0);
      s.end(Buffer.concat([len, tcpReply]));
    });
  });
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  const port = (tcp.address() as { port: number }).port;
  const udp = createSocket('udp4');
  udp.on('message', (m, rinfo) => {
    seen.push(`udp:${m.toString()}`);
    if (udpReply) udp.send(udpReply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => udp.bind(port, '127.0.0.1', r));
  closers.push(() => tcp.close(), () => udp.close());
  return { port, seen };
}

describe('sendToKdc', () => {
  it('asks over UDP first and takes its answer', async () => {
    const k = await fakeKdc(Buffer.from('udp answer'), Buffer.from('tcp answer'));
    expect((await sendToKdc([`127.0.0.1:${k.port}`], Buffer.from('req'))).toString()).toBe('udp answer');
    expect(k.seen).toEqual(['udp:req']);
  });

  it('retries over TCP when the KDC says KRB_ERR_RESPONSE_TOO_BIG', async () => {
    const k = await fakeKdc(tooBig, Buffer.from('big answer'));
    expect((await sendToKdc([`127.0.0.1:${k.port}`], Buffer.from('req'))).toString()).toBe('big answer');
    expect(k.seen).toEqual(['udp:req', 'tcp:3:req']);
  });

  it('uses TCP straight away for requests over 1465 bytes', async () => {
    const k = await fakeKdc(Buffer.from('udp answer'), Buffer.from('tcp answer'));
    expect((await sendToKdc([`127.0.0.1:${k.port}`], Buffer.alloc(1466, 0x41))).toString()).toBe('tcp answer');
    expect(k.seen).toHaveLength(1);
    expect(k.seen[0]).toMatch(/^tcp:1466:/);
  });

  it('tries the next KDC, and names every address when none answers', async () => {
    const k = await fakeKdc(Buffer.from('second'), Buffer.from('second'));
    expect((await sendToKdc(['127.0.0.1:1', `127.0.0.1:${k.port}`], Buffer.from('r'), { timeoutMs: 500 })).toString()).toBe('second');
    await expect(sendToKdc(['127.0.0.1:1', '127.0.0.1:2'], Buffer.from('r'), { timeoutMs: 500 })).rejects.toMatchObject({
      code: 'KRB_KDC_UNREACHABLE',
      message: expect.stringMatching(/127\.0\.0\.1:1\/udp: .*127\.0\.0\.1:1\/tcp: .*127\.0\.0\.1:2\/tcp/),
    });
  });
});
