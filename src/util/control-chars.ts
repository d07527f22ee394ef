/**
 * C0 and C1 control characters and DEL as `\xHH`: an ESC or OSC sequence in a name or message printed raw could
 * clear the screen or retitle the terminal. Idempotent: the result holds no control character.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** A one-line name: every control character escaped, newlines and tabs included. */
export function safeName(s: string): string {
  return s.replace(CONTROL, hex);
}

/** A message that may span lines: control characters escaped except newline and tab. */
export function safeText(s: string): string {
  return s.replace(CONTROL_BUT_LINES, hex);
}
