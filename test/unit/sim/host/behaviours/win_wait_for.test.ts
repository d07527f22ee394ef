import { describe, expect, it } from 'vitest';
import { winWaitForSchema } from '../../../../../src/modules/win_wait_for/index.ts';
import { winWaitFor } from '../../../../../src/sim/host/behaviours/win_wait_for.ts';
import { findService } from '../../../../../src/sim/host/services.ts';
import { RehearsalLog } from '../../../../../src/sim/host/rehearsal-log.ts';
import { type HostState, defaultHostState } from '../../../../../src/sim/host/state.ts';

const run = (state: HostState, args: Record<string, unknown>) =>
  winWaitFor(state, winWaitForSchema.parse(args) as Record<string, unknown>, { check: false, diff: false, account: 'Administrator', log: new RehearsalLog() });

describe('win_wait_for on the simulated host', () => {
  it('sees a port only while the service that listens on it runs', () => {
    const s = defaultHostState('win01');
    findService(s, 'W32Time')!.listens = [123];
    expect(() => run(s, { port: 123, timeout: 10, delay: 2 })).toThrow('timeout while waiting for 127.0.0.1:123 to start listening');
    findService(s, 'W32Time')!.state = 'running';
    expect(run(s, { port: 123, host: 'WIN01', delay: 2 })).toMatchObject({ changed: false, elapsed: 2, wait_attempts: 1 });
  });

  it('does not reach ports of other hosts', () => {
    expect(() => run(defaultHostState('win01'), { host: 'win02', port: 5985, timeout: 1 })).toThrow('timeout while waiting for win02:5985 to start listening');
  });

  it('never drains the WinRM port: the controller is connected to it', () => {
    expect(() => run(defaultHostState('win01'), { port: 5985, state: 'drained', timeout: 1 })).toThrow('timeout while waiting for 127.0.0.1:5985 to drain');
  });

  it('takes search_regex as regex, and refuses it with a port', () => {
    expect(winWaitForSchema.parse({ path: 'C:\\x', search_regex: 'up' })).toMatchObject({ regex: 'up' });
    expect(() => run(defaultHostState('win01'), { port: 1, regex: 'x' })).toThrow('regex should by used when checking a string in a file in the win_wait_for module');
  });
});
