import { describe, expect, it } from 'vitest';
import { hostAddress } from '../../../src/sim/site.ts';

describe('simulated host addresses', () => {
  it('fill a /24 and move on to the next one, never using .0 or .255', () => {
    expect(hostAddress('127.0.90', 1)).toBe('127.0.90.1');
    expect(hostAddress('127.0.90', 254)).toBe('127.0.90.254');
    expect(hostAddress('127.0.90', 255)).toBe('127.0.91.1');
    expect(hostAddress('127.0.90', 1000)).toBe('127.0.93.238');
  });

  it('refuse to leave the loopback block', () => {
    expect(() => hostAddress('127.0.255', 300)).toThrow('does not fit');
  });
});
