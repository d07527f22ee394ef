import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TurnBatch } from '../../../src/report/turn-batch.ts';

/** A stream that records each system-call-sized write: one entry per _write, or one per _writev batch. */
function recorder(): { out: Writable; writes: string[][] } {
  const writes: string[][] = [];
  const out = new Writable({
    decodeStrings: false,
    write(chunk: string, _enc, cb) { writes.push([String(chunk)]); cb(); },
    writev(chunks, cb) { writes.push(chunks.map((c) => String(c.chunk))); cb(); },
  });
  return { out, writes };
}

describe('TurnBatch (one write per event-loop turn)', () => {
  it('writes the lines of one turn together at the end of the turn, in order', async () => {
    const { out, writes } = recorder();
    const batch = new TurnBatch(out);
    for (const l of ['a\n', 'b\n', 'c\n']) {
      batch.hold();
      out.write(l);
    }
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([['a\n', 'b\n', 'c\n']]);
    batch.hold();
    out.write('d\n');
    batch.release();
    expect(writes).toEqual([['a\n', 'b\n', 'c\n'], ['d\n']]);
  });

  it('writes through a stream that cannot cork', () => {
    const got: string[] = [];
    const fake = { write: (s: string) => got.push(s) } as unknown as NodeJS.WritableStream;
    new TurnBatch(fake).hold();
    fake.write('x');
    expect(got).toEqual(['x']);
  });
});

describe('the batched line reporter keeps its order against stderr, a crash and an exit', () => {
  const child = fileURLToPath(new URL('../../helpers/turn-batch-child.ts', import.meta.url));
  /** stdout and stderr of the child on one pipe, as `winbook run … 2>&1 | tee` sees them. */
  const run = (scenario: string, batch: boolean): string => {
    try {
      return execFileSync('sh', ['-c', `"${process.execPath}" --import tsx "${child}" ${scenario} 2>&1`], {
        encoding: 'utf8', env: { ...process.env, BATCH: batch ? '1' : '0', NO_COLOR: '1', CI: '1' },
      });
    } catch (e) {
      return (e as { stdout: string }).stdout;
    }
  };
  // The stack frames differ between the modes (the batched reporter is attached through an await): left out.
  const frames = (s: string): string => s.replace(/^ {4}at .*\n/gm, '');
  for (const scenario of ['stderr', 'crash', 'rejection', 'exit']) {
    it(scenario, () => {
      const unbatched = frames(run(scenario, false));
      expect(unbatched).toContain('TASK [Ping]');
      expect(frames(run(scenario, true))).toBe(unbatched);
    }, 30_000);
  }
});
