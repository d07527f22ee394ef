/**
 * Ansible's StrictUndefined, in JS. A missing variable or key evaluates to an Undefined sentinel instead of JS
 * `undefined`, so the error can name what was missing. The sentinel may flow through `is defined`, `default`,
 * `mandatory` and attribute access (`x.y is defined`), but any other use — printing, comparing, arithmetic,
 * truthiness, iteration, calling — throws TEMPLATE_UNDEFINED naming the variable.
 */
import { TemplateError } from '../errors.ts';
import { raise } from './trap.ts';

interface UndefinedInfo {
  /** Jinja2's message, e.g. `'x' is undefined` or `'dict object' has no attribute 'y'`. */
  message: string;
  /** The missing variable or key. */
  name: string;
  /** True when a top-level variable is missing (the hint then suggests defining it). */
  variable: boolean;
}

const infos = new WeakMap<object, UndefinedInfo>();

export function isUndefined(v: unknown): boolean {
  return (typeof v === 'function' || typeof v === 'object') && v !== null && infos.has(v);
}

/** The error raised when an undefined value is used. */
export function undefinedError(info: UndefinedInfo): TemplateError {
  const hint = info.variable
    ? `define ${info.name} in vars, inventory (group_vars/host_vars) or with -e ${info.name}=…; for optional values use '| default(…)' or 'is defined'`
    : `check the key name; for optional keys use '| default(…)' or 'is defined'`;
  return new TemplateError('TEMPLATE_UNDEFINED', info.message, { hint });
}

/** Throws the undefined error for a sentinel; a no-op for any other value. */
export function assertDefined(v: unknown): void {
  if (!isUndefined(v)) return;
  raise(undefinedError(infos.get(v as object) as UndefinedInfo));
}

export function undefinedInfo(v: unknown): UndefinedInfo | undefined {
  return isUndefined(v) ? infos.get(v as object) : undefined;
}

/**
 * A Proxy over a function target so every way nunjucks' generated JS can touch it is trapped: attribute access
 * returns the same sentinel (so `x.y.z is defined` is false, not an error), while coercion, `in`, key listing
 * and calls throw.
 */
function makeUndefined(info: UndefinedInfo): unknown {
  const fail = (): never => raise(undefinedError(info));
  const target = function undefinedValue(): void {};
  const proxy: object = new Proxy(target, {
    get(_t, key) {
      if (key === Symbol.toPrimitive || key === 'toString' || key === 'valueOf' || key === 'toJSON') return fail;
      if (typeof key === 'symbol') return undefined;
      return proxy;
    },
    has: fail,
    ownKeys: fail,
    apply: fail,
    set: fail,
  });
  infos.set(proxy, info);
  return proxy;
}

export function undefinedVariable(name: string): unknown {
  return makeUndefined({ message: `'${name}' is undefined`, name, variable: true });
}

/** A variable whose own template used an undefined name: undefined itself, carrying that message (as Ansible). */
export function undefinedThrough(message: string): unknown {
  const name = /'([^']+)' is undefined/.exec(message)?.[1] ?? '';
  return makeUndefined({ message, name, variable: name !== '' });
}

/** An undefined a filter returns with its own message (Jinja2's environment.undefined("…")). */
export function undefinedWith(message: string): unknown {
  return makeUndefined({ message, name: '', variable: false });
}

export function undefinedAttribute(owner: string, key: string | number): unknown {
  const what = typeof key === 'number' ? `no element ${key}` : `no attribute '${key}'`;
  return makeUndefined({ message: `'${owner}' has ${what}`, name: String(key), variable: false });
}

export function mandatoryUndefined(v: unknown, msg?: string): never {
  const info = undefinedInfo(v);
  const name = info?.variable ? info.name : undefined;
  const message = msg ?? (name ? `Mandatory variable '${name}' not defined.` : `Mandatory variable not defined.`);
  return raise(undefinedError({ message, name: name ?? '', variable: !!name }));
}
