/**
 * Ansible's to_yaml and to_nice_yaml (ansible/plugins/filter/core.py): `yaml.dump(a, Dumper=AnsibleDumper,
 * allow_unicode=True, default_flow_style=None, **kw)` and `yaml.dump(a, Dumper=AnsibleDumper, indent=4,
 * allow_unicode=True, default_flow_style=False, **kw)`. This file is PyYAML's SafeRepresenter (values to nodes:
 * sorted keys, `null`, `true`, Python float text, a collection in flow style when default_flow_style is None and
 * all its items are scalars) and the keyword arguments; libyaml-emitter.ts writes the text.
 *
 * What winbook cannot know it refuses instead of guessing: a mapping key that reads as another type when plain
 * (`'1'`, `'yes'`, `'1.0'`; winbook keeps every key as text where Ansible keeps YAML's int 1 or bool true), a
 * string that reads as a timestamp (`2024-01-01` is a date in Ansible, text in winbook), the same list or dict
 * twice (Ansible anchors a repeated Python object, and which parts are the same object differs), and a value
 * holding a secret (Ansible writes an inline `!vault` value as `!vault |` and its ciphertext; winbook has
 * decrypted it at load).
 */
import { TemplateError } from '../errors.ts';
import { emitDocument, type EmitOptions, type YamlNode } from './libyaml-emitter.ts';
import { str, truthy } from './python.ts';
import { floatRepr, PyFloat } from './py-float.ts';
import { raise } from './trap.ts';
import { isUndefined } from './undefined.ts';
import { isNativeText } from './native-text.ts';
import { holdsKnownSecret } from './secret-taint.ts';
import { implicitTag } from './yaml-resolver.ts';
import { pyKeys } from '../util/dict-order.ts';

/** The keyword arguments the filters take; others are refused when the template loads (static-check.ts). */
export const YAML_FILTER_KWARGS: Record<'to_yaml' | 'to_nice_yaml', string[]> = {
  // to_nice_yaml passes default_flow_style itself: a second one is Python's "multiple values" TypeError.
  to_yaml: ['indent', 'width', 'default_flow_style', 'explicit_start', 'explicit_end', 'sort_keys'],
  to_nice_yaml: ['indent', 'width', 'explicit_start', 'explicit_end', 'sort_keys'],
};

export interface DumpOptions extends EmitOptions {
  /** None: a collection of scalars only is written in flow style (`[1, 2]`), others in block style. */
  defaultFlowStyle: boolean | null;
  sortKeys?: boolean;
}

function fail(filter: string, message: string, hint: string): never {
  return raise(new TemplateError('TEMPLATE_ERROR', `${filter} - ${message}`, { hint }));
}

/** Python's sorted() of str keys: by code point (JavaScript's default sort compares UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

/** SafeRepresenter.represent_float: `.nan`, `.inf`, repr() lower-cased, `1e+16` made `1.0e+16` so it reads back. */
function floatText(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  const r = floatRepr(n).toLowerCase();
  return !r.includes('.') && r.includes('e') ? r.replace('e', '.0e') : r;
}

const scalar = (value: string, isStr: boolean): YamlNode => ({
  kind: 'scalar',
  value,
  // CEmitter's implicit flags: a str may be plain only if it does not read back as another type; a typed value's
  // text always reads back as its type.
  plainImplicit: isStr ? implicitTag(value) === undefined : true,
  quotedImplicit: isStr,
});

class Representer {
  /** The lists and dicts met so far (SafeRepresenter.represented_objects, which turns a repeated one into an alias). */
  private readonly seen = new Set<object>();

  constructor(
    private readonly filter: string,
    private readonly opts: DumpOptions,
  ) {}

  represent(v: unknown, depth = 0): YamlNode {
    if (isUndefined(v)) str(v); // throws Ansible's undefined-variable error, as represent_undefined's bool() does
    if (isNativeText(v)) v = v.valueOf();
    if (v === null || v === undefined) return scalar('null', false);
    if (typeof v === 'boolean') return scalar(v ? 'true' : 'false', false);
    if (v instanceof PyFloat) return scalar(floatText(v.valueOf()), false);
    if (typeof v === 'number') return scalar(Number.isInteger(v) ? BigInt(v).toString() : floatText(v), false);
    if (typeof v === 'string') {
      if (implicitTag(v) === 'timestamp') {
        fail(
          this.filter,
          `the value ${JSON.stringify(v)} reads as a YAML timestamp: Ansible writes it plain where it is a date (an unquoted YAML \`2024-01-01\`) and quoted where it is text; winbook reads YAML dates as text and cannot tell which`,
          'winbook cannot write such a string with to_yaml; build this text another way (to_json, or a template with the value in it)',
        );
      }
      return scalar(v, true);
    }
    if (depth > 200) return fail(this.filter, 'the value nests too deeply (a value that contains itself?)', 'pass a value without cycles');
    if (Array.isArray(v)) {
      return this.collection(v, () => {
        const items = v.map((x) => this.represent(x, depth + 1));
        return { kind: 'seq', items, flow: this.flow(items) };
      });
    }
    if (typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
      const o = v as Record<string, unknown>;
      return this.collection(o, () => {
        const keys = pyKeys(o);
        if (this.opts.sortKeys !== false) keys.sort(byCodePoint);
        const pairs = keys.map((k): [YamlNode, YamlNode] => [this.key(k), this.represent(o[k], depth + 1)]);
        return { kind: 'map', pairs, flow: this.flow(pairs.flat()) };
      });
    }
    return fail(this.filter, `cannot represent an object: ${str(v)}`, 'to_yaml writes strings, numbers, booleans, null, lists and dicts');
  }

  private collection(v: object, build: () => YamlNode): YamlNode {
    if (this.seen.has(v)) {
      fail(
        this.filter,
        'the value holds the same list or dict twice: Ansible writes a repeated Python object once with an anchor (`&id001`) and then as an alias (`*id001`), and which parts are the same object differs between Ansible and winbook (a variable set to "{{ other }}" is a copy there, the same object here)',
        'build the value so that each list or dict appears once in it (e.g. `[a, b | combine({})]`), or use to_json',
      );
    }
    this.seen.add(v);
    return build();
  }

  private key(k: string): YamlNode {
    const tag = implicitTag(k);
    if (tag !== undefined && tag !== 'merge' && tag !== 'value') {
      fail(
        this.filter,
        `the key ${JSON.stringify(k)} reads as a YAML ${tag} when plain: Ansible writes it plain where the dict's key is a ${tag} (a YAML \`${k}:\` key) and quoted where it is text; winbook keeps every key as text and cannot tell which`,
        `give the dict keys that are not numbers, booleans or null (e.g. 'port_${k}'), or build the text with to_json`,
      );
    }
    return scalar(k, true);
  }

  /** SafeRepresenter.represent_sequence/represent_mapping's flow style. */
  private flow(children: YamlNode[]): boolean {
    if (this.opts.defaultFlowStyle !== null) return this.opts.defaultFlowStyle;
    return children.every((c) => c.kind === 'scalar');
  }
}

/** yaml.dump(value, Dumper=AnsibleDumper, allow_unicode=True, ...) with libyaml's emitter. */
export function pyyamlDump(value: unknown, opts: DumpOptions, filter = 'to_yaml'): string {
  return emitDocument(new Representer(filter, opts).represent(value), opts);
}

/** The filter: refuses a value holding a secret (see above), then dumps it. */
export function yamlFilter(filter: 'to_yaml' | 'to_nice_yaml', value: unknown, args: unknown[], kwargs: Record<string, unknown>): string {
  if (filter === 'to_nice_yaml' && args[0] !== undefined && kwargs.indent !== undefined) {
    fail(filter, "got multiple values for argument 'indent'", 'give indent once');
  }
  const opts = dumpOptions(filter, kwargs, filter === 'to_nice_yaml' ? args[0] : undefined);
  if (holdsKnownSecret(value)) {
    fail(
      filter,
      'the value holds a secret (a vault or password value)',
      'Ansible writes an inline !vault value as its ciphertext and other secrets in clear; winbook cannot tell which it holds. Build the text without the secret, or template the secret in separately',
    );
  }
  return pyyamlDump(value, opts, filter);
}

function intArg(filter: string, name: string, v: unknown): number {
  const n = v instanceof PyFloat ? NaN : Number(v);
  if (typeof v === 'boolean' || (typeof v !== 'number' && !(v instanceof PyFloat)) || !Number.isInteger(n)) {
    return fail(filter, `${name} must be an integer, got ${str(v)}`, `write ${name}=<number>`);
  }
  return n;
}

/** The filters' keyword arguments as DumpOptions; an unknown one is a TemplateError (static-check.ts refuses it earlier). */
export function dumpOptions(filter: 'to_yaml' | 'to_nice_yaml', kwargs: Record<string, unknown>, indent?: unknown): DumpOptions {
  const opts: DumpOptions = { defaultFlowStyle: filter === 'to_yaml' ? null : false };
  if (filter === 'to_nice_yaml') opts.indent = 4;
  for (const k of Object.keys(kwargs)) {
    if (!YAML_FILTER_KWARGS[filter].includes(k)) {
      fail(filter, `winbook does not support the keyword argument ${k}`, `${filter} takes ${YAML_FILTER_KWARGS[filter].join(', ')}`);
    }
  }
  const ind = 'indent' in kwargs ? kwargs.indent : indent;
  // None leaves libyaml's own default, as CEmitter does (`if indent is not None`): to_nice_yaml(indent=None) is 2.
  if (ind === null) delete opts.indent;
  else if (ind !== undefined) opts.indent = intArg(filter, 'indent', ind);
  if (kwargs.width !== undefined && kwargs.width !== null) opts.width = intArg(filter, 'width', kwargs.width);
  if (kwargs.default_flow_style !== undefined) {
    const f = kwargs.default_flow_style;
    if (f !== null && typeof f !== 'boolean') fail(filter, `default_flow_style must be true, false or none, got ${str(f)}`, 'write default_flow_style=true');
    opts.defaultFlowStyle = f as boolean | null;
  }
  // yaml.dump reads these as Python truth values.
  if (kwargs.explicit_start !== undefined) opts.explicitStart = truthy(kwargs.explicit_start);
  if (kwargs.explicit_end !== undefined) opts.explicitEnd = truthy(kwargs.explicit_end);
  if (kwargs.sort_keys !== undefined) opts.sortKeys = truthy(kwargs.sort_keys);
  return opts;
}
