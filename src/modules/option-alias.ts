/**
 * Option aliases as Ansible's argument specs declare them (win_file's `dest` for `path`, slurp's `path` for `src`):
 * the alias is an option of its own in the schema, documented as "Alias of `x`.", and the module's script reads
 * the option, then the alias. Ansible takes either; given both, it warns and keeps one, so winbook refuses the
 * pair rather than pick silently.
 */
import type { z } from 'zod';

/** A superRefine check: `alias` and `option` may not both be given. */
export function exclusiveAlias(option: string, alias: string) {
  return (v: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (v[option] !== undefined && v[alias] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [alias], message: `parameters are mutually exclusive: ${option}|${alias} (${alias} is an alias of ${option}; give one)` });
    }
  };
}

/** A superRefine check: one of `option` and its aliases is required (Ansible's "missing required arguments"). */
export function requiredWithAliases(option: string, ...aliases: string[]) {
  return (v: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if ([option, ...aliases].every((k) => v[k] === undefined)) {
      ctx.addIssue({ code: 'custom', path: [option], message: `missing required arguments: ${option}` });
    }
  };
}
