/**
 * Python's printf-style `%` formatting (the `format` filter: `"%s-%03d" | format(name, n)`), as documented in
 * the Python Library Reference, "printf-style String Formatting": `%[(key)][flags][width][.precision]type` with
 * the types s r a d i u f F e E g G x X o c and `%%`. A mapping argument feeds `%(key)s`.
 */
import { TemplateError } from '../errors.ts';
import { isMapping, repr, str, typeError } from './python.ts';
import { raise } from './trap.ts';
import { PyFloat } from './py-float.ts';

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

function num(v: unknown, type: string): number {
  if (typeof v === 'number' || v instanceof PyFloat) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeError(`%${type} format: a real number is required, not ${typeof v === 'string' ? 'str' : Array.isArray(v) ? 'list' : 'dict'}`);
}

function pad(body: string, flags: string, width: number, numeric: boolean): string {
  if (body.length >= width) return body;
  if (flags.includes('-')) return body.padEnd(width);
  if (numeric && flags.includes('0')) {
    const sign = /^[-+ ]/.test(body) ? body.charAt(0) : '';
    return sign + body.slice(sign.length).padStart(width - sign.length, '0');
  }
  return body.padStart(width);
}

function exp(x: number, p: number, upper: boolean): string {
  const s = x.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

function general(x: number, p: number, flags: string, upper: boolean): string {
  const prec = p === 0 ? 1 : p;
  const e = x === 0 ? 0 : Number(x.toExponential(prec - 1).split('e')[1]);
  let s = e >= -4 && e < prec ? x.toFixed(prec - 1 - e) : exp(x, prec - 1, upper);
  if (!flags.includes('#')) {
    const [mant = '', ex] = s.split(/(?=[eE])/);
    s = (mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant) + (ex ?? '');
  }
  return s;
}

function convert(v: unknown, type: string, flags: string, precision: number | undefined): { body: string; numeric: boolean } {
  const sign = (x: number, b: string): string => (x < 0 || Object.is(x, -0) ? `-${b}` : flags.includes('+') ? `+${b}` : flags.includes(' ') ? ` ${b}` : b);
  switch (type) {
    case 's':
      return { body: precision === undefined ? str(v) : str(v).slice(0, precision), numeric: false };
    case 'r':
    case 'a':
      return { body: precision === undefined ? repr(v) : repr(v).slice(0, precision), numeric: false };
    case 'c':
      return { body: typeof v === 'number' ? String.fromCodePoint(v) : str(v), numeric: false };
    case 'd':
    case 'i':
    case 'u': {
      const x = Math.trunc(num(v, type));
      return { body: sign(x, String(Math.abs(x))), numeric: true };
    }
    case 'x':
    case 'X':
    case 'o': {
      const x = Math.trunc(num(v, type));
      let b = Math.abs(x).toString(type === 'o' ? 8 : 16);
      if (flags.includes('#')) b = (type === 'o' ? '0o' : '0x') + b;
      return { body: sign(x, type === 'X' ? b.toUpperCase() : b), numeric: true };
    }
    case 'f':
    case 'F': {
      const x = num(v, type);
      return { body: sign(x, Math.abs(x).toFixed(precision ?? 6)), numeric: true };
    }
    case 'e':
    case 'E': {
      const x = num(v, type);
      return { body: sign(x, exp(Math.abs(x), precision ?? 6, type === 'E')), numeric: true };
    }
    default: {
      const x = num(v, type);
      return { body: sign(x, general(Math.abs(x), precision ?? 6, flags, type === 'G')), numeric: true };
    }
  }
}

export function percentFormat(template: string, args: unknown[]): string {
  const byKey = args.length === 1 && isMapping(args[0]) ? args[0] : undefined;
  let next = 0;
  const take = (): unknown => {
    if (next >= args.length) return raise(new TemplateError('TEMPLATE_ERROR', 'not enough arguments for format string'));
    return args[next++];
  };
  const out = template.replace(SPEC, (_m, key: string | undefined, flags: string, w: string | undefined, p: string | undefined, type: string) => {
    if (type === '%') return '%';
    const width = w === '*' ? Number(take()) : w === undefined ? 0 : Number(w);
    const precision = p === '*' ? Number(take()) : p === undefined ? undefined : Number(p);
    let v: unknown;
    if (key !== undefined) {
      if (!byKey) return typeError('format requires a mapping');
      if (!Object.hasOwn(byKey, key)) return raise(new TemplateError('TEMPLATE_ERROR', `KeyError: '${key}'`));
      v = byKey[key];
    } else v = take();
    const { body, numeric } = convert(v, type, flags, precision);
    return pad(body, flags, width, numeric);
  });
  if (!byKey && next < args.length) return typeError('not all arguments converted during string formatting');
  return out;
}
