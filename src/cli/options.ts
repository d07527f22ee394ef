/**
 * Option parsers shared by the command definitions; they throw OptionsError (exit 5) with a hint. Commander calls
 * them while it parses argv, before any command's module is loaded, so this file imports nothing heavy (`-e` is
 * collected here and parsed by the run command: src/cli/extra-vars.ts).
 */
import { OptionsError } from '../errors.ts';

export function parseIntOption(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new OptionsError('BAD_OPTION', `${name} must be an integer >= ${min}, got '${value}'`, { hint: `e.g. ${name} ${Math.max(min, 5)}` });
    }
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `-t a,b -t c` → ['a', 'b', 'c']. */
export function tagList(v: string, prev: string[] = []): string[] {
  return [...prev, ...v.split(',').map((t) => t.trim()).filter(Boolean)];
}
