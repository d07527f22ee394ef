/**
 * Talking to a KDC [RFC 4120 7.2]: UDP first for requests up to 1465 bytes (MIT's udp_preference_limit), TCP with
 * a 4-byte big-endian length prefix otherwise and when the KDC answers KRB_ERR_RESPONSE_TOO_BIG, trying each
 * configured KDC in turn.
 */
import { createSocket } from 'node:dgram';
import { isIP, Socket } from 'node:net';
import { KerberosError } from './errors.ts';

const UDP_PREFERENCE_LIMIT = 1465;
const MAX_REPLY = 1 << 20;
const KRB_ERR_RESPONSE_TOO_BIG = 52;

export interface KdcAddress {
  host: string;
  port: number;
}

export function parseKdcAddress(s: string): KdcAddress {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1]!, port: Number(v6[2] ?? 88) };
  const parts = s.split(':');
  if (parts.length === 2) return { host: parts[0]!, port: Number(parts[1]) };
  return { host: s, port: 88 };
}

export interface SendOptions {
  /** Per KDC and transport; default 3 s (MIT waits 1 s, then longer, per UDP try). */
  timeoutMs?: number;
  /** Force TCP (MIT's udp_preference_limit = 1). */
  tcpOnly?: boolean;
}

/** The first reply any KDC gives; KRB_KDC_UNREACHABLE naming every address tried when none answers. */
export async function sendToKdc(kdcs: string[], request: Buffer, opts: SendOptions = {}): Promise<Buffer> {
  const timeout = opts.timeoutMs ?? 3000;
  const failures: string[] = [];
  for (const k of kdcs) {
    const addr = parseKdcAddress(k);
    const where = `${addr.host}:${addr.port}`;
    try {
      if (!opts.tcpOnly && request.length <= UDP_PREFERENCE_LIMIT) {
        const reply = await sendUdp(addr, request, timeout).catch((e: unknown) => {
          failures.push(`${where}/udp: ${(e as Error).message}`);
          return undefined;
        });
        if (reply && !isResponseTooBig(reply)) return reply;
      }
      return await sendTcp(addr, request, timeout);
    } catch (e) {
      failures.push(`${where}/tcp: ${(e as Error).message}`);
    }
  }
  throw new KerberosError('KRB_KDC_UNREACHABLE', `no KDC answered (${failures.join('; ')})`, {
    hint: 'check the KDC address (the kdc line of the realm in krb5.conf, KRB5_CONFIG), that port 88 is open, and that the domain controller is up',
  });
}

/** A KRB-ERROR ([APPLICATION 30]) whose error-code [6] is 52; checked on the raw bytes so no full parse is needed. */
function isResponseTooBig(reply: Buffer): boolean {
  if (reply[0] !== 0x7e) return false;
  const i = reply.indexOf(Buffer.from([0xa6, 0x03, 0x02, 0x01, KRB_ERR_RESPONSE_TOO_BIG]));
  return i > 0;
}

type Finish = (err?: Error, msg?: Buffer) => void;

/**
 * One request/reply exchange on a socket: a timer, and a single settle that clears it and closes the socket,
 * whichever of reply, error, close or timeout comes first.
 */
function exchange(timeoutMs: number, close: () => void, start: (finish: Finish) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish: Finish = (err, msg) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      close();
      if (err) reject(err);
      else resolve(msg as Buffer);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    start(finish);
  });
}

function sendUdp(addr: KdcAddress, request: Buffer, timeoutMs: number): Promise<Buffer> {
  const sock = createSocket(isIP(addr.host) === 6 ? 'udp6' : 'udp4');
  return exchange(timeoutMs, () => sock.close(), (finish) => {
    sock.once('error', (e) => finish(e));
    sock.once('message', (msg) => finish(undefined, msg));
    // A connected socket hears ICMP port-unreachable as ECONNREFUSED, so a KDC that is down fails at once.
    sock.connect(addr.port, addr.host, () => sock.send(request));
  });
}

function sendTcp(addr: KdcAddress, request: Buffer, timeoutMs: number): Promise<Buffer> {
  const sock = new Socket();
  return exchange(timeoutMs, () => sock.destroy(), (finish) => {
    let buf = Buffer.alloc(0);
    sock.once('error', (e) => finish(e));
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4) return;
      const len = buf.readUInt32BE(0);
      if (len > MAX_REPLY) finish(new Error(`reply of ${len} bytes is too large`));
      else if (buf.length >= 4 + len) finish(undefined, buf.subarray(4, 4 + len));
    });
    sock.once('end', () => finish(new Error('connection closed before a full reply')));
    sock.connect(addr.port, addr.host, () => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(request.length, 0);
      sock.write(Buffer.concat([len, request]));
    });
  });
}
