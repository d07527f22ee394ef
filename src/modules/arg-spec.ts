/**
 * A module option's Ansible argument spec (`type`, `elements`, `choices`, `required`), read off its zod schema,
 * so arguments can be converted the way Ansible converts them before zod checks them (see arg-coerce.ts).
 * zod types map as: string → str, boolean → bool, integer number → int, other number → float, enum → str with
 * choices, array → list (elements from the item schema), record → dict, object → dict with sub-options; a union
 * or anything else is `raw` (taken as given, zod decides).
 */
import { z } from 'zod';
import { aliasTarget } from './option-alias.ts';

export type AnsibleType = 'str' | 'bool' | 'int' | 'float' | 'list' | 'dict' | 'raw';

export interface OptionSpec {
  type: AnsibleType;
  /** `type: list`: the type of each element. */
  elements?: OptionSpec;
  /** `choices:`, in the schema's order. */
  choices?: string[];
  /** `type: dict` with sub-options (a nested z.object). */
  options?: Record<string, OptionSpec>;
  required: boolean;
  /** An alias (option-alias.ts): the option it stands for. */
  aliasOf?: string;
}

/** zod 4 keeps a schema's kind and wrapped schema under `_zod.def`. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  /** A pipe (`.transform()` on the object): the schema the input is checked against. */
  in?: z.ZodType;
}
function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema under optional/default/nullable wrappers, and whether the option may be left out. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; required: boolean } {
  let cur = schema;
  let required = true;
  for (let d = defOf(cur); WRAPPERS.has(d.type) && d.innerType; d = defOf(cur)) {
    if (d.type === 'optional' || d.type === 'default' || d.type === 'prefault') required = false;
    cur = d.innerType;
  }
  return { inner: cur, required };
}

export function optionSpec(schema: z.ZodType): OptionSpec {
  const aliasOf = aliasTarget(schema);
  if (aliasOf !== undefined) return { ...optionSpec(unwrap(schema).inner), required: false, aliasOf };
  const { inner, required } = unwrap(schema);
  const d = defOf(inner);
  switch (d.type) {
    case 'string':
      return { type: 'str', required };
    case 'boolean':
      return { type: 'bool', required };
    case 'number':
      return { type: (inner as z.ZodNumber).isInt ? 'int' : 'float', required };
    case 'enum':
      return { type: 'str', choices: (inner as z.ZodEnum).options.map(String), required };
    case 'array':
      return { type: 'list', elements: optionSpec(d.element as z.ZodType), required };
    case 'record':
      return { type: 'dict', required };
    case 'object':
      return { type: 'dict', options: optionSpecs(inner) ?? {}, required };
    default:
      return { type: 'raw', required };
  }
}

/** The options of a module's object schema (under a `.transform()` too); undefined when it is not a z.object. */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let { inner } = unwrap(schema);
  for (let d = defOf(inner); d.type === 'pipe' && d.in; d = defOf(inner)) inner = unwrap(d.in).inner;
  return inner instanceof z.ZodObject ? (inner.shape as Record<string, z.ZodType>) : undefined;
}

export function optionSpecs(schema: z.ZodType): Record<string, OptionSpec> | undefined {
  const shape = objectShape(schema);
  if (!shape) return undefined;
  const out: Record<string, OptionSpec> = {};
  for (const [k, v] of Object.entries(shape)) out[k] = optionSpec(v);
  return out;
}
