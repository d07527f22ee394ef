/**
 * YAML as Ansible reads it: PyYAML's YAML 1.1 implicit types (not the `yaml` package's: `y`/`n` stay strings,
 * `1e3` is a string, `08` is a string, dates stay text, and a whole-valued float such as `1.0` is a float, the
 * template layer's PyFloat, not the JS number 1), Ansible's `!unsafe` and `!vault` tags, duplicate keys
 * allowed (last one wins), and syntax errors turned into InputErrors with file:line:col.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Document, Node, ScalarTag, Tags } from 'yaml';
import { InputError } from '../errors.ts';
import { pyFloat } from '../template/py-float.ts';
import { ALIAS_BOMB_HINT, aliasBombOffset, isAliasBomb, LIMITS } from '../util/limits.ts';
import type { SourcePos } from '../errors.ts';

const YAML_TAG = 'tag:yaml.org,2002:';
const REPLACED = new Set(['bool', 'int', 'float', 'null', 'timestamp'].map((t) => YAML_TAG + t));

// Resolver regexes from PyYAML's resolver.py (YAML 1.1 as PyYAML implements it).
const pyBool: ScalarTag = {
  tag: YAML_TAG + 'bool',
  default: true,
  test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  resolve: (s) => /^(?:yes|true|on)$/i.test(s),
};
const pyNull: ScalarTag = {
  tag: YAML_TAG + 'null',
  default: true,
  test: /^(?:~|null|Null|NULL|)$/,
  resolve: () => null,
};
const pyInt: ScalarTag = {
  tag: YAML_TAG + 'int',
  default: true,
  test: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  resolve: (s, onError) => {
    const n = intValue(s);
    // Python's int is exact at any size; a number is not: refused at the value's line and column, never rounded.
    if (!Number.isSafeInteger(n)) onError(`the integer ${s}: winbook cannot hold an integer of 2^53 (9007199254740992) or more exactly, where Python does; quote it to keep it as text`);
    return n;
  },
};

function intValue(s: string): number {
  let v = s.replace(/_/g, '');
  let sign = 1;
  if (v[0] === '-' || v[0] === '+') {
    if (v[0] === '-') sign = -1;
    v = v.slice(1);
  }
  if (v === '0') return 0;
  if (v.startsWith('0b')) return sign * parseInt(v.slice(2), 2);
  if (v.startsWith('0x')) return sign * parseInt(v.slice(2), 16);
  if (v[0] === '0') return sign * parseInt(v, 8);
  if (v.includes(':')) return sign * sexagesimal(v);
  return sign * Number(v);
}
const pyFloatTag: ScalarTag = {
  tag: YAML_TAG + 'float',
  default: true,
  test: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  resolve: (s) => {
    let v = s.replace(/_/g, '').toLowerCase();
    let sign = 1;
    if (v[0] === '-' || v[0] === '+') {
      if (v[0] === '-') sign = -1;
      v = v.slice(1);
    }
    if (v === '.inf') return sign * Infinity;
    if (v === '.nan') return NaN;
    // A whole value (`1.0`, `2.`, `1.0e+2`, `1:30.0`) is still a Python float: a PyFloat, printed `1.0` as Python prints it.
    return pyFloat(sign * (v.includes(':') ? sexagesimal(v) : Number(v)));
  },
};
/** `!unsafe` marks a string Ansible must not template; winbook keeps the text (see report/vars docs). */
const unsafeTag: ScalarTag = { tag: '!unsafe', resolve: (s) => s };
/** `!vault` inline secrets stay encrypted here, in the shape ansible-inventory prints them; vault/ decrypts. */
const vaultTag: ScalarTag = { tag: '!vault', resolve: (s) => ({ __ansible_vault: s }) };

function sexagesimal(v: string): number {
  return v.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** PyYAML's implicit scalar types in place of the `yaml` package's YAML 1.1 ones (the playbook loader uses these). */
export function pyScalarTags(tags: Tags): Tags {
  return [...tags.filter((t) => !(typeof t === 'object' && 'tag' in t && REPLACED.has(t.tag))), pyBool, pyNull, pyInt, pyFloatTag];
}

function pyTags(tags: Tags): Tags {
  return [...pyScalarTags(tags), unsafeTag, vaultTag];
}

export interface ParsedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
  file: string;
}

/** Parse YAML text; a syntax error throws INVENTORY_SYNTAX (or `code`) at its file:line:col. */
export function parseYaml(text: string, file: string, code = 'INVENTORY_SYNTAX'): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.1',
    schema: 'yaml-1.1',
    customTags: pyTags,
    lineCounter: lines,
    uniqueKeys: false,
    prettyErrors: true,
    // A float key (`1.0: x`) is an object (PyFloat) to the yaml package, which would print a warning on stderr.
    logLevel: 'error',
  });
  const err = doc.errors[0];
  if (err) {
    const lp = err.linePos?.[0];
    const pos: SourcePos = { file, line: lp?.line ?? 1, col: lp?.col ?? 1 };
    const first = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? err.message;
    throw new InputError(code, `YAML syntax error: ${first}`, {
      pos,
      hint: 'check the indentation and quoting around this line (a value starting with {{ must be quoted)',
      cause: err,
    });
  }
  return { doc, lines, file };
}

/** The 1-based position of a character offset. */
export function posAt(y: ParsedYaml, offset: number): SourcePos {
  const lp = y.lines.linePos(offset);
  return { file: y.file, line: lp.line, col: lp.col };
}

/** The plain JS value of a node (or the whole document), with alias expansion capped (a "billion laughs" bomb). */
export function toJsCapped(y: ParsedYaml, node?: Node | null): unknown {
  try {
    return node ? node.toJS(y.doc, { maxAliasCount: LIMITS.yamlAliasCount }) : y.doc.toJS({ maxAliasCount: LIMITS.yamlAliasCount });
  } catch (e) {
    if (!isAliasBomb(e)) throw e;
    const at = aliasBombOffset(y.doc, node) ?? node?.range?.[0] ?? 0;
    throw new InputError('YAML_ALIAS_LIMIT', `YAML aliases expand beyond the limit (${LIMITS.yamlAliasCount})`, { pos: posAt(y, at), hint: ALIAS_BOMB_HINT, cause: e });
  }
}
