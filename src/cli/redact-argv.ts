/**
 * `-e` values are often passwords (`-e qlik_service_password=…`): the run journal keeps the command line, and
 * the resume/rerun hints repeat it, without them. The rule (docs/reliability.md, "The run journal"):
 *
 * - `-e @file` is kept as typed: a path, not its content;
 * - `-e k=v k2=v2` keeps the names: `-e k=<redacted> k2=<redacted>`;
 * - any other `-e` (JSON/YAML, or a value that does not parse) becomes `-e <redacted>`;
 * - every other argument is kept: vault options name a file, a script or `prompt`, never a password.
 */
import { parseKv } from '../playbook/parse-kv.ts';

export const REDACTED = '<redacted>';

/** One `-e` value as it may be stored or shown. */
export function redactExtraVars(value: string): string {
  if (value.startsWith('@')) return value;
  if (value.trimStart().startsWith('{')) return REDACTED;
  try {
    const kv = parseKv(value);
    const keys = Object.keys(kv.params);
    if (keys.length > 0 && kv.raw.length === 0) return keys.map((k) => `${k}=${REDACTED}`).join(' ');
  } catch {
    // fall through: a value we cannot read is redacted whole
  }
  return REDACTED;
}

/** `winbook run`'s short flags that take no value (so `-Ce v` is -C then -e v). */
const SHORT_BOOLEAN = new Set(['C', 'D', 'v', 'h']);

/** argv (after `node winbook`) with every `-e` / `--extra-vars` value redacted, in each spelling commander accepts. */
export function redactArgv(argv: string[]): string[] {
  const out: string[] = [];
  let redactNext = false;
  let positional = false;
  for (const arg of argv) {
    if (redactNext) {
      out.push(redactExtraVars(arg));
      redactNext = false;
      continue;
    }
    if (positional) {
      out.push(arg);
      continue;
    }
    if (arg === '--') {
      positional = true;
      out.push(arg);
    } else if (arg === '--extra-vars') {
      out.push(arg);
      redactNext = true;
    } else if (arg.startsWith('--extra-vars=')) {
      out.push(`--extra-vars=${redactExtraVars(arg.slice('--extra-vars='.length))}`);
    } else if (/^-[A-Za-z]/.test(arg)) {
      // A cluster of short flags: booleans, then at most one that takes a value (the rest of the arg, or the next).
      let i = 1;
      while (i < arg.length && SHORT_BOOLEAN.has(arg[i] as string)) i++;
      if (arg[i] === 'e') {
        const rest = arg.slice(i + 1);
        if (rest === '') {
          out.push(arg);
          redactNext = true;
        } else out.push(arg.slice(0, i + 1) + redactExtraVars(rest));
      } else out.push(arg);
    } else out.push(arg);
  }
  return out;
}

/** Quotes an argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
