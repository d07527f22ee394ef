/** xs:duration as WinRS uses it (reference §3, §4.1): `PT20S`, `PT60.000S`, `P0DT2H0M0S`. */

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds, or undefined when the text is not a non-negative duration. */
export function parseDurationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, d, h, min, s] = m;
  const seconds = Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
  return Math.round(seconds * 1000);
}

/** Windows echoes durations in seconds with three decimals: a requested `PT60S` comes back as `PT60.000S`. */
export function formatSeconds(ms: number): string {
  return `PT${(ms / 1000).toFixed(3)}S`;
}
