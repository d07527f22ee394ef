/**
 * Secrets through filters. The run's redactor replaces every known secret value in what leaves the engine, but
 * `vault_password | upper`, `| b64encode`, `| reverse` or `| regex_replace` make a new string that holds no known
 * secret, and that string would print in clear. So every filter and every Python string method a template calls
 * is watched: when one of its inputs holds a known secret and it returns a string that does not, that string is
 * a secret too and joins the redactor before anything can print it. Concatenation (`~`, `+`), `join`, `format`
 * and friends keep the secret inside their output, which the redactor already finds. A derived string under
 * MIN_LENGTH characters (`pw | first`) is refused: hiding it would hide that text everywhere in the output.
 *
 * The redactor reaches templates through the variables: the engine puts it under SECRET_SINK, and a render takes
 * it from there for its duration (renders are synchronous; render.ts saves and restores it around nested renders).
 */
import { TemplateError } from '../errors.ts';
import { raise } from './trap.ts';

/** Where the engine puts the run's redactor among a task's variables (a symbol: never a variable name). */
export const SECRET_SINK = Symbol.for('winbook.secretSink');

export interface SecretSink {
  /** Whether `s` contains a known secret. */
  holds(s: string): boolean;
  /** `s` is a secret from now on. */
  add(s: string): void;
}

export const MIN_LENGTH = 4;

/** The sink of the render under way (render.ts sets it). */
export const taint: { sink?: SecretSink } = {};

export function sinkOf(vars: object): SecretSink | undefined {
  return (vars as Record<symbol, unknown>)[SECRET_SINK] as SecretSink | undefined;
}

type Fn = (...args: unknown[]) => unknown;

/** `f` (a filter or a string method called `name`), registering what it derives from a secret. */
export function tracked(name: string, f: Fn): Fn {
  return function (this: unknown, ...args: unknown[]): unknown {
    const out = f.apply(this, args);
    const sink = taint.sink;
    if (sink && args.some((a) => holdsSecret(sink, a, 0))) registerDerived(sink, name, out);
    return out;
  };
}

/** A string method bound to its string (`pw.upper`), watched like a filter whose first input is that string. */
export function trackedMethod(name: string, self: string, method: Fn): Fn {
  return function (this: unknown, ...args: unknown[]): unknown {
    const out = method.apply(this, args);
    const sink = taint.sink;
    if (sink && (holdsSecret(sink, self, 0) || args.some((a) => holdsSecret(sink, a, 0)))) registerDerived(sink, `.${name}()`, out);
    return out;
  };
}

/** A string primitive, or the text of a String object (a NativeJinjaText, native-text.ts). */
function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : v instanceof String ? v.valueOf() : undefined;
}

function registerDerived(sink: SecretSink, name: string, out: unknown): void {
  const strings = (Array.isArray(out) ? out : [out]).map(text).filter((x): x is string => x !== undefined);
  for (const s of strings) {
    if (s === '' || sink.holds(s)) continue;
    if (s.length < MIN_LENGTH) {
      raise(
        new TemplateError('TEMPLATE_SECRET_TOO_SHORT', `'${name}' makes a ${s.length}-character string from a secret value, too short to hide in the output without hiding the same text everywhere`, {
          hint: 'do not print parts of a secret; if the task needs it, keep it inside a longer value or set no_log: true on the task',
        }),
      );
    }
    sink.add(s);
  }
}

/** Whether `v` (deeply: keys, items, values) holds a secret known to the render under way. */
export function holdsKnownSecret(v: unknown): boolean {
  return taint.sink !== undefined && holdsSecret(taint.sink, v, 0);
}

function holdsSecret(sink: SecretSink, v: unknown, depth: number): boolean {
  const t = text(v);
  if (t !== undefined) return sink.holds(t);
  if (typeof v === 'number') return sink.holds(String(v));
  if (depth > 20 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => holdsSecret(sink, x, depth + 1));
  return Object.entries(v).some(([k, x]) => sink.holds(k) || holdsSecret(sink, x, depth + 1));
}
