import { describe, expect, it } from 'vitest';
import { findModule } from '../../../../src/modules/registry.ts';
import { pause, pauseRun, pauseSchema } from '../../../../src/modules/pause/index.ts';

/** A clock that moves only when the module sleeps, by what it asked plus `extraMs`. */
function fakeClock(extraMs = 0) {
  let t = Date.UTC(2026, 0, 1, 12, 0, 0);
  const slept: number[] = [];
  return {
    slept,
    deps: { sleep: (ms: number) => ((slept.push(ms), (t += ms + extraMs)), Promise.resolve()), now: () => new Date(t) },
  };
}

describe('pause', () => {
  it('is registered under its short and fully qualified names, on the controller', () => {
    expect(findModule('ansible.builtin.pause')?.kind).toBe('controller');
    expect(findModule('pause')?.name).toBe('pause');
  });

  it('waits the seconds and reports as Ansible does', async () => {
    const c = fakeClock(10);
    const r = await pauseRun(pauseSchema().parse({ seconds: 2 }), c.deps);
    expect(c.slept).toEqual([2000]);
    expect(r).toMatchObject({ changed: false, rc: 0, delta: 2, stdout: 'Paused for 2.01 seconds', echo: true, user_input: '', stderr: '' });
    expect(r.start).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  });

  it('converts minutes, cuts fractions and waits at least one second, as Ansible\'s int() does', async () => {
    const c = fakeClock();
    expect((await pauseRun(pauseSchema().parse({ minutes: 1 }), c.deps)).stdout).toBe('Paused for 1.0 minutes');
    await pauseRun(pauseSchema().parse({ seconds: '1.9' }), c.deps);
    await pauseRun(pauseSchema().parse({ seconds: 0 }), c.deps);
    expect(c.slept).toEqual([60_000, 1000, 1000]);
  });

  it('refuses a prompt that would wait for input, saying what to do instead', async () => {
    const c = fakeClock();
    const r = await pauseRun(pauseSchema().parse({ prompt: 'Continue?' }), c.deps);
    expect(r.failed).toBe(true);
    expect(r.msg).toContain('prompt: Continue?');
    expect(r.msg).toContain('seconds/minutes');
    expect(c.slept).toEqual([]);
  });

  it('rejects seconds together with minutes', () => {
    expect(pauseSchema().safeParse({ seconds: 1, minutes: 1 }).success).toBe(false);
  });

  it('stops waiting at Ctrl-C and fails, so the task is left unrecorded and --resume starts there', async () => {
    const ctl = new AbortController();
    const ctx = { host: 'win01', check: false, diff: false, vars: {}, signal: ctl.signal };
    const started = Date.now();
    const waiting = pause.run!(pauseSchema().parse({ minutes: 5 }), ctx);
    setTimeout(() => ctl.abort(), 50);
    expect(await waiting).toMatchObject({ failed: true, msg: 'pause interrupted by Ctrl-C' });
    expect(Date.now() - started).toBeLessThan(5_000);
    // Already interrupted: no wait at all.
    expect(await pause.run!(pauseSchema().parse({ seconds: 30 }), ctx)).toMatchObject({ failed: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
