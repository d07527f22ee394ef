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

/**
 * The schema entries of an option's aliases: each is the option's own schema, optional, documented as "Alias of
 * `option`." — spread into the module's z.object where the aliases should be listed.
 */
export function aliasOptions<T extends z.ZodType, A extends string>(option: string, schema: T, ...aliases: A[]): { [K in A]: z.ZodOptional<T> } {
  return Object.fromEntries(aliases.map((a) => [a, schema.optional().describe(`Alias of \`${option}\`.`)])) as { [K in A]: z.ZodOptional<T> };
}

/**
 * One superRefine for an option and its aliases: with `required`, one of them must be given; and no two may be
 * given together (every pair, the option's first, as Ansible lists them).
 */
export function aliasRules(option: string, aliases: string[], opts: { required?: boolean } = {}) {
  const names = [option, ...aliases];
  const pairs = names.flatMap((a, i) => names.slice(i + 1).map((b) => exclusiveAlias(a, b)));
  const required = opts.required ? requiredWithAliases(option, ...aliases) : undefined;
  return (v: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    required?.(v, ctx);
    for (const check of pairs) check(v, ctx);
  };
}
