import { describe, expect, it } from 'vitest';
import { formatSeconds, formatWindowsDuration, parseDurationMs } from '../../../../../src/transport/winrm/wsman/duration.ts';

describe('xs:duration', () => {
  it.each([
    ['PT20S', 20_000],
    ['PT60.000S', 60_000],
    ['PT0.5S', 500],
    ['P0DT0H0M0S', 0],
    ['PT1H2M3S', 3_723_000],
    ['P1D', 86_400_000],
  ])('%s is %d ms', (text, ms) => expect(parseDurationMs(text)).toBe(ms));

  it.each(['PT-1S', '-PT1S', 'P', 'PT', '20', 'PT20', ''])('%s is not a valid timeout', (text) => expect(parseDurationMs(text)).toBeUndefined());

  it('formats the client and the Windows forms', () => {
    expect(formatSeconds(20)).toBe('PT20S');
    expect(formatWindowsDuration(60_000)).toBe('PT60.000S');
  });
});
