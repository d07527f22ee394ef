/**
 * Python's float where a JavaScript number loses it: a whole-valued float (`10 / 2`, `5.0`, `5 | float`,
 * `2.4 | round`) prints `5.0` in Python and `5` as a JS number. Such a value is a PyFloat (a Number object) inside
 * the template layer; a float with a fraction, NaN or an infinity is a plain number, which cannot be mistaken for an
 * int. The operators (compiler-patch.ts → environment.ts helpers), the float-producing filters and literal_eval
 * (py-literal.ts) make them, and so does the YAML reader (inventory/yaml-source.ts: `version: 1.0` in any
 * YAML Ansible reads); str(), repr() and to_json print them as Python does (floatRepr). They stay PyFloats in
 * variables, facts and results (so `debug`, the reporters, the journal and `winbook inventory` print `1.0`, with
 * py-float-json.ts); plainValue (native-text.ts) turns them back into numbers where a value goes to a Windows
 * module or a keyword.
 */

export class PyFloat extends Number {
  /**
   * Python's str(): `1.0`. So String(v), a template literal and a dict key made of one (YAML's `1.0: x`) give
   * Python's text; arithmetic and Number(v) still get the number (valueOf).
   */
  override toString(): string {
    return floatRepr(this.valueOf());
  }
}

/** Python's float(n): a PyFloat when n is whole (and finite), else n itself. */
export function pyFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

/** Whether v is a Python float: a PyFloat or a number that is not whole. */
export function isFloat(v: unknown): boolean {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

/** The number of a PyFloat; any other value as it is. */
export function unfloat(v: unknown): unknown {
  return v instanceof PyFloat ? v.valueOf() : v;
}

/**
 * Python's repr() of a float (the shortest text that reads back, as JS's): `5.0`, `0.1`, `1e+16`, `1.5e-05`, `inf`,
 * `nan`. Python switches to exponent form from 1e16 and below 1e-4; JS from 1e21 and below 1e-6.
 */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp >= 16 || exp < -4) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = n < 0 ? '-' : '';
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${whole}.${frac === '' ? '0' : frac}`;
}

/** Python's arithmetic result type: a float when either operand is one. */
export function arith(a: unknown, b: unknown, n: number): number | PyFloat {
  return isFloat(a) || isFloat(b) ? pyFloat(n) : n;
}
