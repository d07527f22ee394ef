/** A module's arguments as the engine hands them over (src/engine/module-args.ts): converted per option type, then parsed. */
import { coerceModuleArgs } from '../../src/modules/arg-coerce.ts';
import type { ModuleDef } from '../../src/modules/types.ts';

export function engineArgs(def: ModuleDef, args: Record<string, unknown>): unknown {
  return def.schema.parse(coerceModuleArgs(def, args));
}
