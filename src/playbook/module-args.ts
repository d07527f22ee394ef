/**
 * A task's module arguments: a mapping, a free-form `k=v` string, or nothing; merged over the legacy `args:`
 * keyword. Each argument keeps the position of its key (or of its `k=` inside a free-form string). Argument
 * names are checked against the module's zod object here; values may be templates, so the engine checks
 * their types after rendering.
 */
import { isMap, isScalar, type Node, type Scalar } from 'yaml';
import { z } from 'zod';
import type { SourcePos } from '../errors.ts';
import { newerOptionText } from '../modules/newer-options.ts';
import type { ModuleDef } from '../modules/types.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { COMMAND_OPTIONS, parseFreeForm, parseKv } from './parse-kv.ts';
import { EscapeError } from './decode-escapes.ts';
import { inputError, jsOf, keyName, kindOf, nodePos, posAt, resolved, type SourceText } from './yaml-pos.ts';

export interface ModuleArgs {
  args: Record<string, unknown>;
  argPos: Record<string, SourcePos>;
  /** Where each argument's value starts (load-time validation points at the value, as Ansible's errors name it). */
  valuePos: Record<string, SourcePos>;
}

/** Offset of `index` within a scalar's value in the file, when the source text maps 1:1 onto the value. */
function scalarOffset(src: SourceText, node: Scalar, index: number): number | undefined {
  const start = node.range?.[0];
  if (start === undefined || typeof node.value !== 'string') return undefined;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  const from = start + quoted;
  return src.text.slice(from, from + node.value.length) === node.value ? from + index : undefined;
}

/** A backslash escape Python's codec rejects, or one we cannot decode (`\\N{name}`), is refused rather than guessed. */
function decoded<T>(text: string, at: (i: number) => SourcePos, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof EscapeError)) throw e;
    throw inputError('PLAYBOOK_UNSUPPORTED', `the escape sequence '${e.sequence}' in a name=value argument is not supported`, at(Math.max(0, text.indexOf(e.sequence))), {
      hint: 'write the arguments as a YAML mapping under the module, where backslashes are taken as written',
    });
  }
}

/**
 * ansible-core 2.14 (parsing/mod_args.py) reads the free form of C.MODULE_REQUIRE_ARGS (win_command, win_shell, raw,
 * script) with parse_kv(check_raw=True): `creates=`, `chdir=`, `stdin=`, … become options and the rest stays the
 * command; include_vars' free form (check_raw=False) gives every `k=v` as an option. Script's `cmd:` is moved to
 * `_raw_params` whole, later (playbook/script-file.ts, as Task.preprocess_data does).
 */
const CHECK_RAW_MODULES = new Set(['win_command', 'win_shell', 'raw', 'script']);

function freeFormArgs(def: ModuleDef, text: string, at: (i: number) => SourcePos): ModuleArgs {
  const whole = (): ModuleArgs => ({ args: { _raw_params: text }, argPos: { _raw_params: at(0) }, valuePos: { _raw_params: at(0) } });
  const checkRaw = CHECK_RAW_MODULES.has(def.name);
  if (!checkRaw && def.name !== 'include_vars') return whole();
  const ff = decoded(text, at, () => parseFreeForm(text, checkRaw ? COMMAND_OPTIONS : undefined));
  const args: Record<string, unknown> = { ...ff.params };
  const argPos: Record<string, SourcePos> = {};
  const valuePos: Record<string, SourcePos> = {};
  for (const [k, off] of Object.entries(ff.offsets)) {
    argPos[k] = at(off);
    valuePos[k] = at(off + k.length + 1);
  }
  if (ff.raw !== undefined) {
    const first = text.search(/\S/);
    args._raw_params = ff.raw;
    argPos._raw_params = valuePos._raw_params = at(Math.max(0, first));
  }
  return { args, argPos, valuePos };
}

function freeForm(src: SourceText, def: ModuleDef, text: string, node: Node, lead = 0): ModuleArgs {
  const at = (i: number): SourcePos => {
    const off = isScalar(node) ? scalarOffset(src, node, lead + i) : undefined;
    return off === undefined ? nodePos(src, node) : posAt(src, off);
  };
  if (def.freeForm) return freeFormArgs(def, text, at);
  const kv = decoded(text, at, () => parseKv(text));
  const stray = kv.raw[0];
  if (stray) {
    throw inputError('PLAYBOOK_INVALID', `${def.name} does not take free-form arguments: '${stray.text}'`, at(stray.offset), {
      hint: `write its arguments as name=value pairs or as a mapping under ${def.name}:`,
    });
  }
  const argPos: Record<string, SourcePos> = {};
  const valuePos: Record<string, SourcePos> = {};
  for (const [k, off] of Object.entries(kv.offsets)) {
    argPos[k] = at(off);
    valuePos[k] = at(off + k.length + 1);
  }
  return { args: { ...kv.params }, argPos, valuePos };
}

export function mappingArgs(src: SourceText, node: Node): ModuleArgs {
  const args: Record<string, unknown> = {};
  const argPos: Record<string, SourcePos> = {};
  const valuePos: Record<string, SourcePos> = {};
  const map = resolved(src, node);
  if (!isMap(map)) return { args, argPos, valuePos };
  for (const pair of map.items) {
    // `<<: *defaults` (YAML 1.1 merge key): its values are merged below.
    if (isScalar(pair.key) && typeof pair.key.value === 'symbol') continue;
    const k = keyName(pair);
    if (k === undefined) {
      throw inputError('PLAYBOOK_INVALID', 'module argument names must be plain strings', nodePos(src, pair.key as Node), {
        hint: "a value starting with '{{' must be quoted, e.g. name: \"{{ svc }}\"",
      });
    }
    if (k === '<<') continue;
    args[k] = jsOf(src, pair.value as Node | null);
    argPos[k] = nodePos(src, pair.key as Node);
    valuePos[k] = nodePos(src, resolved(src, pair.value) ?? (pair.key as Node));
  }
  // `<<: *defaults` merges: take the merged values, keep the positions we have.
  Object.assign(args, { ...(jsOf(src, map) as Record<string, unknown>), ...args });
  return { args, argPos, valuePos };
}

/** The arguments written under the module key (`win_service: name=x` or a mapping or nothing). */
export function moduleArgs(src: SourceText, def: ModuleDef, value: Node | null, keyNode: Node, lead = 0): ModuleArgs {
  const node = resolved(src, value);
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return { args: {}, argPos: {}, valuePos: {} };
  if (isMap(node)) return mappingArgs(src, node);
  if (isScalar(node) && typeof node.value === 'string') return freeForm(src, def, node.value.slice(lead), node, lead);
  throw inputError('PLAYBOOK_INVALID', `arguments of ${def.name} must be a mapping or a 'name=value' string, got ${kindOf(jsOf(src, node))}`, nodePos(src, node ?? keyNode), {
    hint: `write them as a mapping under ${def.name}:`,
  });
}

/** Argument names the module's schema accepts, or undefined when the schema is not a plain z.object. */
function knownArgs(def: ModuleDef): string[] | undefined {
  const s = def.schema;
  if (!(s instanceof z.ZodObject)) return undefined;
  const names = Object.keys(s.shape as Record<string, unknown>);
  return def.freeForm ? [...names, '_raw_params'] : names;
}

export function checkArgNames(def: ModuleDef, margs: ModuleArgs, fallback: SourcePos): void {
  const known = knownArgs(def);
  if (!known) return;
  for (const k of Object.keys(margs.args)) {
    if (known.includes(k)) continue;
    const newer = newerOptionText(def.name, k);
    if (newer) throw inputError('PLAYBOOK_UNKNOWN_ARG', newer.message, margs.argPos[k] ?? fallback, { hint: newer.hint });
    const shown = known.filter((n) => n !== '_raw_params');
    throw inputError('PLAYBOOK_UNKNOWN_ARG', `unknown argument '${k}' for ${def.name}${didYouMean(k, shown)}`, margs.argPos[k] ?? fallback, {
      hint: shown.length ? `${def.name} takes: ${shown.join(', ')}` : `${def.name} takes no arguments`,
    });
  }
}
