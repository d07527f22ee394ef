/**
 * libyaml 0.2.5's view of one scalar (src/emitter.c yaml_emitter_analyze_scalar, the IS_* character classes of
 * yaml_private.h, and the double-quoted escapes): which styles may write it. Characters are code points; lengths
 * are UTF-8 bytes, as libyaml counts them.
 */

export interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  /** UTF-8 bytes, as libyaml's scalar_data.length. */
  length: number;
}

export const isBreak = (c: string | undefined): boolean => c === '\r' || c === '\n' || c === '\x85' || c === '\u2028' || c === '\u2029';
export const isSpace = (c: string | undefined): boolean => c === ' ';
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
// Past the end libyaml reads the string's NUL terminator, which counts as blank (IS_BLANKZ).
const isBlankZ = (c: string | undefined): boolean => c === undefined || c === '\0' || isBlank(c) || isBreak(c);

/** IS_PRINTABLE on UTF-8: LF, 0x20-0x7E, U+00A0-U+D7FF, U+E000-U+FFFD but the BOM; nothing beyond the BMP. */
export function isPrintable(c: string): boolean {
  const n = c.codePointAt(0) as number;
  return n === 0x0a || (n >= 0x20 && n <= 0x7e) || (n >= 0xa0 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd && n !== 0xfeff);
}

/** yaml_emitter_analyze_scalar. */
export function analyzeScalar(value: string): ScalarAnalysis {
  const chars = Array.from(value);
  const length = Buffer.byteLength(value, 'utf8');
  if (chars.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, length };
  }
  let blockIndicators = value.startsWith('---') || value.startsWith('...');
  let flowIndicators = blockIndicators;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  chars.forEach((c, i) => {
    const followedByWhitespace = isBlankZ(chars[i + 1]);
    const last = i === chars.length - 1;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) flowIndicators = blockIndicators = true;
      if (c === '?' || c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === '-' && followedByWhitespace) flowIndicators = blockIndicators = true;
    } else {
      if (',?[]{}'.includes(c)) flowIndicators = true;
      if (c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === '#' && precededByWhitespace) flowIndicators = blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByWhitespace = isBlankZ(c);
  });
  let flowPlainAllowed = true;
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlainAllowed = blockPlainAllowed = false;
  if (breakSpace) flowPlainAllowed = blockPlainAllowed = singleQuotedAllowed = false;
  if (spaceBreak || special) flowPlainAllowed = blockPlainAllowed = singleQuotedAllowed = false;
  if (lineBreaks) flowPlainAllowed = blockPlainAllowed = false;
  if (flowIndicators) flowPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, flowPlainAllowed, blockPlainAllowed, singleQuotedAllowed, length };
}

const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

export function escape(c: string): string {
  const n = c.codePointAt(0) as number;
  const named = ESCAPES[n];
  if (named !== undefined) return `\\${named}`;
  const [letter, width] = n <= 0xff ? ['x', 2] : n <= 0xffff ? ['u', 4] : ['U', 8];
  return `\\${letter}${n.toString(16).toUpperCase().padStart(width, '0')}`;
}

