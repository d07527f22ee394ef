/**
 * Uploads over WinRM (issue 16, copy at wire speed) against simulated hosts whose MaxEnvelopeSizekb is WinRM 2.0's
 * 150, Windows' default 500 and a raised 2048: the client reads the host's value once per shell (WS-Man Get of
 * winrm/config), fills every Send to it, and sends each content byte base64-encoded once (WinRS's own Stream
 * encoding). HTTP requests are counted; wall time is never asserted (npm run bench measures it).
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionSettings } from '../../src/inventory/index.ts';
import { getNode, readFile, stagedPath } from '../../src/sim/host/fs.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackBlock } from '../helpers/addresses.ts';

const MiB = 1024 * 1024;

describe.each([150, 500, 2048])('upload to a host with MaxEnvelopeSizekb %i', (kb) => {
  let site: SimSite;
  let transport: WinrmTransport;
  const block = { 150: 213, 500: 214, 2048: 215 }[kb] as number;
  const listener = () => site.hosts[0]!.listener;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(block), listener: { maxEnvelopeKb: kb } });
    const h = site.hosts[0]!;
    transport = new WinrmTransport(connectionSettings('win01', { ansible_host: h.address, ansible_user: site.adminUser, ansible_password: site.adminPassword }));
    await transport.open();
  });
  afterAll(async () => {
    await transport?.close();
    await site?.close();
  });

  it('fills Sends to the host\'s envelope size: requests per MiB follow from it', async () => {
    const data = randomBytes(4 * MiB);
    for (const round of [1, 2]) {
      const before = { ...listener().actions };
      const requests = listener().requests;
      await transport.upload('C:\\ProgramData\\up.bin', data);
      const node = getNode(site.hosts[0]!.host.state, 'C:\\ProgramData\\up.bin');
      expect(node?.sha256 ?? createHash('sha256').update(Buffer.from(node?.content ?? '', 'base64')).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
      const delta = (a: string) => (listener().actions[a] ?? 0) - (before[a] ?? 0);
      // The configuration is read once per shell, before the first upload.
      expect(delta('get')).toBe(round === 1 ? 1 : 0);
      // Content Sends: 3/4 of the envelope (base64) less the envelope's own ~1.4 KB; one more Send names the file.
      const fewest = Math.ceil(data.length / ((kb * 1024 * 3) / 4));
      const most = Math.ceil(data.length / (Math.floor((kb * 1024 - 2048) / 4) * 3));
      expect(delta('send') - 1).toBeGreaterThanOrEqual(fewest);
      expect(delta('send') - 1).toBeLessThanOrEqual(most);
      // Around the Sends: Command, the Receives for READY and the hash, Signal (and the Get once). The script's last
      // line and its exit can come back in two Receives, as on Windows: the host answers a Receive as soon as there is
      // output, and the process may not have ended by then.
      const around = delta('command') + delta('receive') + delta('signal');
      expect(around).toBeGreaterThanOrEqual(4);
      expect(around).toBeLessThanOrEqual(6);
      expect(delta('create') + delta('delete')).toBe(0);
      // HTTP requests add only the second connection's two NTLM legs, the first time it is used.
      expect(listener().requests - requests).toBeLessThanOrEqual(delta('send') + delta('get') + around + 2);
    }
  });

  it.runIf(kb === 500)('a 9 MiB file (not a multiple of 3 bytes) round-trips byte for byte through the real script', async () => {
    const data = randomBytes(9 * MiB + 1);
    await transport.upload('C:\\ProgramData\\big.bin', data);
    expect(readFile(site.hosts[0]!.host.state, 'C:\\ProgramData\\big.bin', site.adminUser).equals(data)).toBe(true);
  });

  it.runIf(kb === 500)('content that fails its SHA-256 check fails the upload with the script\'s own words and stages nothing', async () => {
    const data = randomBytes(100_000);
    const key = '0123456789abcdef';
    const wrong = createHash('sha256').update('something else').digest('hex');
    const err = await transport.stageUpload(key, data, wrong).then(() => undefined, (e: unknown) => e as { code?: string; message?: string });
    expect(err?.code).toBe('WINRM_UPLOAD_CORRUPT');
    expect(err?.message).toBe(
      `upload to the staged upload ${key}: winbook-upload: the staged upload ${key} failed its SHA-256 check: 100000 bytes arrived, SHA-256 ${createHash('sha256').update(data).digest('hex')}, expected ${wrong} (destination unchanged)`,
    );
    expect(getNode(site.hosts[0]!.host.state, stagedPath(site.adminUser, key))).toBeUndefined();
  });
});
