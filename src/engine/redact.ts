/**
 * The single redaction point: every result and message leaves the engine through a Redactor, so a
 * password never reaches a reporter, the journal or a report file.
 */
import type { ModuleResult } from '../modules/types.ts';
import { holdsPyFloat, parseFloats, PyFloat, stringifyFloats } from '../template/index.ts';
import { MIN_LENGTH } from '../template/secret-taint.ts';
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

/**
 * Which secrets are hidden inside other text. One of MIN_LENGTH characters or more is replaced wherever it occurs
 * (in values and keys), as Ansible's remove_values replaces a no_log value inside strings. A shorter one (`p`,
 * `123`) is hidden only where it is a whole string, value or key: replaced inside text it would hide that letter in
 * every word (`de********recations`), and the output would be unreadable while hiding nothing worth hiding. The
 * run warns once for each source of such a secret (`onShort`), since text that contains it prints unmasked.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** Secrets of MIN_LENGTH or more, longest first, so a secret containing another secret is replaced whole. */
  private ordered: string[] = [];
  /** Shorter secrets: hidden as whole strings only. */
  private readonly whole = new Set<string>();
  private readonly shortSources = new Set<string>();

  constructor(initial: Iterable<unknown> = [], private readonly onShort?: (source: string) => void) {
    for (const s of initial) this.add(s, 'a vault-encrypted value');
  }

  /** `value` is a secret from now on; `source` names where it came from in the warning about a short one. */
  add(value: unknown, source = 'a secret value'): void {
    if (typeof value === 'number' || typeof value === 'bigint' || value instanceof Number) value = String(value);
    if (typeof value !== 'string' || value === '' || this.secrets.has(value)) return;
    this.secrets.add(value);
    if ([...value].length < MIN_LENGTH) {
      this.whole.add(value);
      if (!this.shortSources.has(source)) {
        this.shortSources.add(source);
        this.onShort?.(source);
      }
      return;
    }
    this.ordered = [...this.secrets].filter((s) => !this.whole.has(s)).sort((a, b) => b.length - a.length);
  }

  /** Secrets found in a host's variables (connection passwords). */
  addFromVars(vars: Record<string, unknown>): void {
    for (const k of SECRET_VARS) this.add(vars[k], k);
  }

  /**
   * Whether `s` holds a known secret (a template deriving a string from it makes that string one too). A short
   * secret is not followed through filters: what they make of it could only be hidden everywhere, as it.
   */
  holds(s: string): boolean {
    return this.ordered.some((secret) => s.includes(secret));
  }

  text(s: string): string {
    if (this.whole.has(s)) return REDACTED;
    let out = s;
    for (const secret of this.ordered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** A deep copy with every string (keys included) redacted. */
  value<T>(v: T): T {
    if (this.secrets.size === 0) return structuredCloneSafe(v);
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
