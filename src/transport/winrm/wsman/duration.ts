/** xs:duration as WS-Man uses it for OperationTimeout and IdleTimeOut ([MS-WSMV] 2.2.4.22; XML Schema 3.2.6). */

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Milliseconds of a non-negative xs:duration (`PT20S`, `PT60.000S`, `P0DT0H0M0S`), or undefined when the text is
 * not one (a negative `PT-1S` or `-PT1S` included: Windows rejects those, reference §3). Years and months count as
 * 365 and 30 days; WS-Man timeouts never use them.
 */
export function parseDurationMs(text: string): number | undefined {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!m || t === 'P' || t.endsWith('T')) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const n = (v: string | undefined): number => (v === undefined ? 0 : Number(v));
  const days = n(y) * 365 + n(mo) * 30 + n(d);
  return Math.round(((days * 24 + n(h)) * 60 + n(mi)) * 60_000 + n(s) * 1000);
}

/** `PT<n>S`, the form clients send (pywinrm, pypsrp). */
export function formatSeconds(sec: number): string {
  return `PT${Number.isInteger(sec) ? sec : sec.toFixed(3)}S`;
}

/** `PT<n>.000S`, the form Windows echoes (`PT60S` comes back as `PT60.000S`, reference §4.1). */
export function formatWindowsDuration(ms: number): string {
  return `PT${(ms / 1000).toFixed(3)}S`;
}
