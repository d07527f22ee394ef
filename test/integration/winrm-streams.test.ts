/**
 * Issue 3 item 5: stdin cut to the host's MaxEnvelopeSize (150 and 500 KiB hosts), 50 MiB of output and 20 MiB of
 * stdin with memory that stays flat, UTF-8 (code page 65001) for non-Latin text split across replies, and
 * PowerShell CLIXML stderr made readable. Memory is sampled while the transfer runs; wall time is never asserted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { connectionSettings } from '../../src/inventory/index.ts';
import { startWinrmListener } from '../../src/sim/winrm/server.ts';
import type { WinrmListener } from '../../src/sim/winrm/server.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackAddress } from '../helpers/addresses.ts';
import { ScriptedLauncher, UTF8_UNIT } from './winrm-launcher.ts';

const BLOCK = 72;
const MiB = 1024 * 1024;
const PASSWORD = 'Streams-Test-2026!';

/** Peak growth of RSS over the baseline while `work` runs, sampled every 20 ms. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

describe('WinRM streams', () => {
  const listeners: WinrmListener[] = [];
  const sends: Array<Array<number>> = [[], []];
  const launcher = new ScriptedLauncher();

  beforeAll(async () => {
    for (const [i, kb] of [500, 150].entries()) {
      listeners.push(
        await startWinrmListener({
          address: loopbackAddress(BLOCK, i + 1),
          port: 5985,
          computerName: `STREAM${i + 1}`,
          users: new Map([['administrator', { password: PASSWORD, admin: true }]]),
          launcher,
          maxEnvelopeKb: kb,
          onRequest: ({ action, bytes }) => {
            if (action === 'send') sends[i]!.push(bytes);
          },
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(listeners.map((l) => l.close()));
  });

  async function withTransport<T>(i: number, fn: (t: WinrmTransport) => Promise<T>): Promise<T> {
    const t = new WinrmTransport(connectionSettings(`stream${i + 1}`, { ansible_host: listeners[i]!.address, ansible_user: 'Administrator', ansible_password: PASSWORD }));
    await t.open();
    try {
      return await fn(t);
    } finally {
      await t.close();
    }
  }

  it.each([
    [500, 0],
    [150, 1],
  ])('cuts 20 MiB of stdin into Sends that fit a %i KiB MaxEnvelopeSize host, with flat memory', async (kb, i) => {
    const data = Buffer.alloc(20 * MiB);
    for (let o = 0; o < data.length; o += 4) data.writeUInt32LE(o, o);
    const { result, growth } = await peakRssGrowth(() => withTransport(i, (t) => t.exec('count-stdin', { stdin: data })));
    expect(result.stdout).toBe(`${data.length} ${createHash('sha256').update(data).digest('hex')}`);
    // The host checks the decrypted envelope against MaxEnvelopeSizekb (no 413 here); on the wire the sealed
    // body adds under 300 bytes of MIME framing.
    expect(Math.max(...sends[i]!)).toBeLessThanOrEqual(kb * 1024 + 300);
    expect(sends[i]!.length).toBeGreaterThan(100);
    // The input itself is held by the test; each Send adds a chunk's base64 and seal, not a copy of the input.
    expect(growth).toBeLessThan(3 * data.length);
    if (process.env.WINBOOK_PRINT_MEMORY) console.log(`stdin 20 MiB, ${kb} KiB host: ${sends[i]!.length} Sends, peak RSS growth ${(growth / MiB).toFixed(1)} MiB`);
  });

  it('streams 50 MiB of output through spawn() with memory independent of the size', async () => {
    const size = 50 * MiB;
    const { result, growth } = await peakRssGrowth(() =>
      withTransport(0, async (t) => {
        const p = await t.spawn('flood 52428800');
        let bytes = 0;
        for (;;) {
          const out = await p.read();
          bytes += out.stdout.length;
          if (out.done) break;
        }
        await p.signal('terminate');
        return bytes;
      }),
    );
    expect(result).toBe(size);
    // Less than one copy of the output: nothing accumulates; what remains is garbage not yet collected.
    expect(growth).toBeLessThan(size);
    if (process.env.WINBOOK_PRINT_MEMORY) console.log(`spawn 50 MiB: peak RSS growth ${(growth / MiB).toFixed(1)} MiB`);
  });

  it('returns 50 MiB of output from exec() without quadratic buffering', async () => {
    const size = 50 * MiB;
    const { result, growth } = await peakRssGrowth(() => withTransport(0, (t) => t.exec('flood 52428800')));
    expect(result.stdout.length).toBe(size);
    expect(result.stdout.startsWith('xxxx')).toBe(true);
    // Chunks, their join and the decoded string: a few copies, never one per reply.
    expect(growth).toBeLessThan(5 * size);
    if (process.env.WINBOOK_PRINT_MEMORY) console.log(`exec 50 MiB: peak RSS growth ${(growth / MiB).toFixed(1)} MiB`);
  });

  it('decodes UTF-8 output (code page 65001) whose characters straddle Receive replies', async () => {
    const r = await withTransport(0, (t) => t.exec('flood-utf8 50000'));
    expect(r.stdout).toBe(UTF8_UNIT.repeat(50000));
  });

  it('carries non-Latin text in the command line and back', async () => {
    const text = 'Привет, 世界 — ñandú ∑ 🚀';
    expect((await withTransport(0, (t) => t.exec(`echo ${text}`))).stdout).toBe(`${text}\r\n`);
  });

  it('turns PowerShell CLIXML stderr into readable error lines', async () => {
    const r = await withTransport(0, (t) => t.exec('clixml'));
    expect(r.rc).toBe(1);
    expect(r.stderr).toBe(
      "Get-Item : Cannot find path 'C:\\nope' because it does not exist.\r\n" +
        '    + CategoryInfo          : ObjectNotFound: (C:\\nope:String) [Get-Item], ItemNotFoundException\r\n',
    );
  });
});
