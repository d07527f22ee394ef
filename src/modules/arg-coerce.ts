/**
 * Converts module arguments to each option's type before its schema checks them, as Ansible does on the host:
 * Windows modules through Ansible.Basic's AnsibleModule (module_utils/csharp/Ansible.Basic.cs: ParseBool,
 * ParseInt, ParseList, ParseDict, ParseStr, ParseFloat and the choices check), controller modules through
 * module_utils/common/validation.py (check_type_*) and parameters.py. So `groups: Guests` is the list
 * ['Guests'], `enabled: "yes"` is true and `port: "8080"` is 8080, and a value that cannot be converted fails
 * with Ansible's own text ("argument for x is of type System.String and we were unable to convert to bool: …",
 * "value of state must be one of: present, absent. Got no match for: sideways").
 */
import { PyFloat } from '../template/index.ts';
import { optionSpecs, type OptionSpec } from './arg-spec.ts';
import { aliasConflictText } from './option-alias.ts';

/** Ansible.Basic (Windows modules) or validation.py (Python modules and action plugins). */
export type Flavour = 'windows' | 'python';

/** An argument Ansible would refuse: `arg` names the option, `message` is Ansible's text. */
export class ArgumentError extends Error {
  readonly code = 'MODULE_ARGS';
  constructor(
    readonly arg: string,
    message: string,
  ) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** A conversion that failed; the caller wraps it in Ansible's "argument for … is of type …" sentence. */
class Unconvertible extends Error {}

const BOOLEANS_TRUE = ['y', 'yes', 'on', '1', 'true', 't', '1.0'];
const BOOLEANS_FALSE = ['n', 'no', 'off', '0', 'false', 'f', '0.0'];

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat);
/** A number, or a whole-valued Python float (`1.0` in YAML: a PyFloat, template/py-float.ts). */
const isNum = (v: unknown): v is number | PyFloat => typeof v === 'number' || v instanceof PyFloat;
const isInt32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;

/**
 * The .NET type Windows PowerShell 5.1's ConvertFrom-Json gives a JSON value (what Ansible's exec wrapper hands
 * Ansible.Basic): whole numbers are Int32 (Int64 past its range), others Decimal, a whole float too (Ansible sends
 * `1.0`); arrays object[]; objects Hashtable.
 */
function dotnetType(v: unknown): string {
  if (typeof v === 'string') return 'System.String';
  if (v instanceof PyFloat) return 'System.Decimal';
  if (typeof v === 'boolean') return 'System.Boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? (isInt32(v) ? 'System.Int32' : 'System.Int64') : 'System.Decimal';
  if (Array.isArray(v)) return 'System.Object[]';
  return 'System.Collections.Hashtable';
}

/** Python's type() as parameters.py prints it. */
function pythonType(v: unknown): string {
  if (typeof v === 'string') return "<class 'str'>";
  if (v instanceof PyFloat) return "<class 'float'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(v)) return "<class 'list'>";
  return "<class 'dict'>";
}

/** .NET's Object.ToString() for the scalar types above (`True`, `5`, `1.5`; a Decimal keeps its scale: `1.0`). */
function dotnetStr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string' || isNum(v)) return String(v);
  // Ansible.Basic would pass the type name ('System.Object[]') on as the text; refusing is the honest choice.
  throw new Unconvertible(`a ${Array.isArray(v) ? 'list' : 'dict'} is not text (Ansible would pass the text '${dotnetType(v)}')`);
}

/** Python's str(): a PyFloat's String() is `1.0`, as Python's. */
function pythonStr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string' || isNum(v)) return String(v);
  throw new Unconvertible(`a ${Array.isArray(v) ? 'list' : 'dict'} is not text`);
}

function toBool(v: unknown, flavour: Flavour): boolean {
  if (typeof v === 'boolean') return v;
  if (flavour === 'python' && typeof v !== 'string' && !isNum(v)) throw new Unconvertible(`${pythonType(v)} cannot be converted to a bool`);
  const s = (flavour === 'windows' ? dotnetStr(v) : String(v)).toLowerCase().trim();
  if (BOOLEANS_TRUE.includes(s)) return true;
  if (BOOLEANS_FALSE.includes(s)) return false;
  if (flavour === 'python') {
    const all = "'y', 'yes', 'on', '1', 'true', 't', 1, 1.0, True, 'n', 'no', 'off', '0', 'false', 'f', 0, 0.0, False";
    throw new Unconvertible(`The value '${String(v)}' is not a valid boolean.  Valid booleans include: ${all}`);
  }
  throw new Unconvertible(`The value '${s}' is not a valid boolean. Valid booleans include: ${[...BOOLEANS_TRUE, ...BOOLEANS_FALSE].join(', ')}`);
}

function toInt(v: unknown, flavour: Flavour): number {
  if (flavour === 'python') {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    // Python's int(): surrounding whitespace, a sign and underscores between digits.
    if (typeof v === 'string' && /^\s*[+-]?\d+(_\d+)*\s*$/.test(v)) return Number(v.replace(/_/g, ''));
    throw new Unconvertible(`${pythonType(v)} cannot be converted to an int`);
  }
  if (typeof v === 'number' && isInt32(v)) return v;
  // Int32.Parse(value.ToString()): NumberStyles.Integer, the messages .NET Framework (Windows PowerShell) gives.
  const s = dotnetStr(v);
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw new Unconvertible('Input string was not in a correct format.');
  const n = Number(s);
  if (!isInt32(n)) throw new Unconvertible('Value was either too large or too small for an Int32.');
  return n;
}

function toFloat(v: unknown, flavour: Flavour): number {
  if (isNum(v)) return Number(v);
  if (flavour === 'python') {
    if (typeof v === 'string' && /^\s*[+-]?(\d+(_\d+)*(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v.replace(/_/g, ''));
    throw new Unconvertible(`${pythonType(v)} cannot be converted to a float`);
  }
  // float.Parse: NumberStyles.Float | AllowThousands in an English culture.
  const s = dotnetStr(v);
  if (!/^\s*[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(s)) throw new Unconvertible('Input string was not in a correct format.');
  return Number(s.replace(/,/g, ''));
}

/** `k=v k2="v 2"` (comma or space separated, quotes and backslash escapes) — ParseDict / check_type_dict. */
function kvDict(text: string): Record<string, unknown> {
  const fields: string[] = [];
  let buf = '';
  let quote: string | undefined;
  let escape = false;
  for (const c of text) {
    if (escape) {
      buf += c;
      escape = false;
    } else if (c === '\\') escape = true;
    else if (quote === undefined && (c === "'" || c === '"')) quote = c;
    else if (quote !== undefined && c === quote) quote = undefined;
    else if (quote === undefined && (c === ',' || c === ' ')) {
      if (buf) fields.push(buf);
      buf = '';
    } else buf += c;
  }
  if (buf) fields.push(buf);
  const out: Record<string, unknown> = {};
  for (const f of [...new Set(fields)]) {
    const at = f.indexOf('=');
    out[at < 0 ? f : f.slice(0, at)] = at < 0 ? null : f.slice(at + 1);
  }
  return out;
}

function toDict(v: unknown, flavour: Flavour): Record<string, unknown> {
  if (isDict(v)) return v;
  if (typeof v === 'string') {
    const s = flavour === 'python' ? v.trim() : v;
    if (s.startsWith('{') && (flavour === 'python' || s.endsWith('}'))) {
      try {
        const parsed = JSON.parse(s) as unknown;
        if (isDict(parsed)) return parsed;
      } catch {
        // falls through to the error below
      }
      throw new Unconvertible(flavour === 'python' ? 'unable to evaluate string as dictionary' : 'the string is not a JSON object');
    }
    if (s.includes('=')) return kvDict(s);
    throw new Unconvertible(
      flavour === 'python' ? 'dictionary requested, could not parse JSON or key=value' : 'string cannot be converted to a dict, must either be a JSON string or in the key=value form',
    );
  }
  throw new Unconvertible(flavour === 'python' ? `${pythonType(v)} cannot be converted to a dict` : `${dotnetType(v)} cannot be converted to a dict`);
}

function toList(v: unknown, flavour: Flavour): unknown[] {
  if (Array.isArray(v)) return v;
  if (flavour === 'python') {
    if (typeof v === 'string') return v.split(',');
    // isinstance(value, int) holds for a bool too: [str(value)].
    if (isNum(v) || typeof v === 'boolean') return [pythonStr(v)];
    throw new Unconvertible(`${pythonType(v)} cannot be converted to a list`);
  }
  if (typeof v === 'string') return v.split(',').map((s) => s.trim());
  if (isInt32(v)) return [v];
  throw new Unconvertible(`${dotnetType(v)} cannot be converted to a list`);
}

function convert(v: unknown, spec: OptionSpec, flavour: Flavour): unknown {
  switch (spec.type) {
    case 'str':
      return typeof v === 'string' ? v : flavour === 'windows' ? dotnetStr(v) : pythonStr(v);
    case 'bool':
      return toBool(v, flavour);
    case 'int':
      return toInt(v, flavour);
    case 'float':
      return toFloat(v, flavour);
    case 'dict':
      return toDict(v, flavour);
    case 'list':
      return toList(v, flavour);
    default:
      return v;
  }
}

function typeName(v: unknown, flavour: Flavour): string {
  return flavour === 'windows' ? dotnetType(v) : pythonType(v);
}

/** Ansible.Basic compares choices ignoring case (and the value keeps its case); here it becomes the choice's spelling. */
function checkChoices(name: string, v: unknown, spec: OptionSpec, flavour: Flavour): unknown {
  const choices = spec.choices;
  if (!choices) return v;
  const show = (x: unknown): string => (flavour === 'windows' ? dotnetStr(x) : pythonStr(x));
  if (flavour === 'python') {
    if (choices.includes(show(v))) return show(v);
    throw new ArgumentError(name, `value of ${name} must be one of: ${choices.join(', ')}, got: ${show(v)}`);
  }
  const match = choices.find((c) => c.toLowerCase() === show(v).toLowerCase());
  if (match !== undefined) return match;
  throw new ArgumentError(name, `value of ${name} must be one of: ${choices.join(', ')}. Got no match for: ${show(v)}`);
}

/** One option's value, converted and checked against its choices; null is left for the schema, as Ansible skips it. */
export function coerceOption(name: string, value: unknown, spec: OptionSpec, flavour: Flavour): unknown {
  if (value === null || value === undefined) return value;
  let out: unknown;
  try {
    out = convert(value, spec, flavour);
  } catch (e) {
    if (!(e instanceof Unconvertible)) throw e;
    throw new ArgumentError(
      name,
      flavour === 'windows'
        ? `argument for ${name} is of type ${typeName(value, flavour)} and we were unable to convert to ${spec.type}: ${e.message}`
        : `argument '${name}' is of type ${typeName(value, flavour)} and we were unable to convert to ${spec.type}: ${e.message}`,
    );
  }
  if (spec.type === 'list' && spec.elements && Array.isArray(out)) {
    const el = spec.elements;
    out = out.map((item) => {
      if (item === null || item === undefined) return item;
      try {
        return el.options ? coerceArgs(toDict(item, flavour), el.options, flavour) : convert(item, el, flavour);
      } catch (e) {
        if (!(e instanceof Unconvertible)) throw e;
        throw new ArgumentError(
          name,
          flavour === 'windows'
            ? `argument for list entry ${name} is of type ${typeName(item, flavour)} and we were unable to convert to ${el.type}: ${e.message}`
            : `Elements value for option '${name}' is of type ${typeName(item, flavour)} and we were unable to convert to ${el.type}: ${e.message}`,
        );
      }
    });
    if (el.choices) out = (out as unknown[]).map((item) => checkChoices(name, item, el, flavour));
    return out;
  }
  if (spec.options && typeof out === 'object' && out !== null) return coerceArgs(out as Record<string, unknown>, spec.options, flavour);
  return checkChoices(name, out, spec, flavour);
}

/**
 * Every known option of `args` converted (unknown names are left for the schema to refuse), and each alias's value
 * moved to its option as Ansible.Basic's GetAliases moves it, so defaults and the module see the option only.
 * An option given together with its alias (or two of its aliases) is refused: see option-alias.ts.
 */
export function coerceArgs(args: Record<string, unknown>, specs: Record<string, OptionSpec>, flavour: Flavour): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  for (const [k, v] of Object.entries(args)) {
    const spec = specs[k];
    if (spec) out[k] = coerceOption(k, v, spec, flavour);
  }
  const givenAs = new Map<string, string>();
  for (const [k, v] of Object.entries(out)) {
    const option = specs[k]?.aliasOf ?? k;
    if (v === undefined || option === k) continue;
    const other = out[option] !== undefined ? option : givenAs.get(option);
    if (other !== undefined) throw new ArgumentError(k, aliasConflictText(other, k));
    givenAs.set(option, k);
  }
  for (const [option, alias] of givenAs) {
    out[option] = out[alias];
    delete out[alias];
  }
  return out;
}

/** A module's arguments converted per its schema; other values (a template rendering to a list) pass through. */
export function coerceModuleArgs(def: { kind: string; schema: Parameters<typeof optionSpecs>[0] }, args: unknown): unknown {
  const specs = optionSpecs(def.schema);
  if (!specs || typeof args !== 'object' || args === null || Array.isArray(args)) return args;
  return coerceArgs(args as Record<string, unknown>, specs, flavourOf(def.kind));
}

export function flavourOf(kind: string): Flavour {
  return kind === 'agent' ? 'windows' : 'python';
}
