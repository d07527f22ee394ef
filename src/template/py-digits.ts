/**
 * Python's int() and float() read any Unicode decimal digit (general category Nd: `'٣٤'` is 34, `'１２'` is 12),
 * where JavaScript's Number() reads ASCII only. Unicode lays every Nd digit out in runs of ten, 0 to 9, in order
 * (runs may abut), so a digit's value is its distance from the start of its run of Nd characters, modulo ten.
 */
const ND = /\p{Nd}/u;

function digitValue(ch: string): number {
  const cp = ch.codePointAt(0) as number;
  let start = cp;
  while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** `s` with every non-ASCII Nd digit replaced by its ASCII digit (what Python's int() and float() read it as). */
export function asciiDigits(s: string): string {
  if (!/[^\p{ASCII}]/u.test(s)) return s;
  return s.replace(/(?![0-9])\p{Nd}/gu, (d) => String(digitValue(d)));
}
