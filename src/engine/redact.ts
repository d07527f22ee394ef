/**
 * The single redaction point (design.md §8): every result and message leaves the engine through a Redactor, so a
 * password never reaches a reporter, the journal or a report file.
 */
import type { ModuleResult } from '../modules/types.ts';
import { holdsPyFloat, parseFloats, PyFloat, stringifyFloats } from '../template/index.ts';
import { dictFromEntries, pyEntries } from '../util/dict-order.ts';

export const REDACTED = '********';
export const NO_LOG_MESSAGE = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/** Connection variables whose values are secrets wherever they appear. */
export const SECRET_VARS = [
  'ansible_password',
  'ansible_winrm_password',
  'ansible_ssh_pass',
  'ansible_ssh_password',
  'ansible_become_password',
  'ansible_become_pass',
  // SSH private key passphrases (ansible-core 2.19 names).
  'ansible_private_key_passphrase',
  'ansible_ssh_private_key_passphrase',
];

export class Redactor {
  private readonly secrets = new Set<string>();
  // Longest first, so a secret containing another secret is replaced whole.
  private ordered: string[] = [];

  constructor(initial: Iterable<unknown> = []) {
    for (const s of initial) this.add(s);
  }

  add(value: unknown): void {
    if (typeof value === 'number' || typeof value === 'bigint' || value instanceof Number) value = String(value);
    if (typeof value !== 'string' || value === '' || this.secrets.has(value)) return;
    this.secrets.add(value);
    this.ordered = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  /** Secrets found in a host's variables (connection passwords). */
  addFromVars(vars: Record<string, unknown>): void {
    for (const k of SECRET_VARS) this.add(vars[k]);
  }

  /** Whether `s` contains a known secret (a template deriving a string from it makes that string one too). */
  holds(s: string): boolean {
    return this.ordered.some((secret) => s.includes(secret));
  }

  text(s: string): string {
    let out = s;
    for (const secret of this.ordered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** A deep copy with every string (keys included) redacted. */
  value<T>(v: T): T {
    if (this.ordered.length === 0) return structuredCloneSafe(v);
    return this.walk(v) as T;
  }

  private walk(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    // set_fact's facts may hold NativeJinjaText (a String object): shown as its text.
    if (v instanceof String) return this.text(v.valueOf());
    // A whole-valued Python float (template/py-float.ts) stays one, so reporters and the journal print `1.0`.
    if (v instanceof PyFloat) return v;
    if (v instanceof Number) return v.valueOf();
    if (Array.isArray(v)) return v.map((x) => this.walk(x));
    if (v !== null && typeof v === 'object') {
      return dictFromEntries(pyEntries(v as Record<string, unknown>).map(([k, x]): [string, unknown] => [this.text(k), this.walk(x)]));
    }
    return v;
  }
}

/** `no_log: true`: the whole result is replaced, keeping only `changed` as Ansible does. */
export function censor(result: ModuleResult): ModuleResult {
  return { censored: NO_LOG_MESSAGE, changed: Boolean(result.changed) };
}

function structuredCloneSafe<T>(v: T): T {
  // Results are JSON data; a JSON round trip also drops functions a controller module might have left in. Python
  // floats (`1.0`) go through as floats.
  if (v === undefined) return v;
  return holdsPyFloat(v) ? (parseFloats(stringifyFloats(v)) as T) : (JSON.parse(JSON.stringify(v)) as T);
}
