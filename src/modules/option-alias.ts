/**
 * Option aliases as Ansible's argument specs declare them (win_file's `dest` for `path`, slurp's `path` for `src`):
 * the alias is an option of its own in the schema, documented as "Alias of `x`.", so `winbook doc` lists it and a
 * strict schema accepts it. Argument conversion (arg-coerce.ts) then moves an alias's value to its option, as
 * Ansible.Basic's GetAliases does, before the schema applies defaults, so a module's script sees the option only.
 *
 * Given both, ansible.windows 1.14 says nothing and keeps one: Ansible.Basic (module_utils/csharp/Ansible.Basic.cs,
 * GetAliases: `parameters[k] = parameters[alias]`) the alias's value, legacy Get-AnsibleParam
 * (Ansible.ModuleUtils.Legacy.psm1) the option's. winbook refuses the pair instead of picking silently.
 */
import type { z } from 'zod';

/** The alias schemas made by aliasOptions, with the option each stands for. */
const ALIAS_OF = new WeakMap<z.ZodType, string>();

/** The option an alias schema (an entry of a module's z.object) stands for, or undefined for an ordinary option. */
export function aliasTarget(schema: z.ZodType): string | undefined {
  return ALIAS_OF.get(schema);
}

/** The refusal when an option and its alias (or two aliases of one option) are both given. */
export function aliasConflictText(option: string, alias: string): string {
  return `parameters are mutually exclusive: ${option}|${alias} (${alias} is an alias of ${option}; ansible.windows 1.14 would keep one of the two values without a word: give one)`;
}

/** A superRefine check: `alias` and `option` may not both be given. */
export function exclusiveAlias(option: string, alias: string) {
  return (v: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (v[option] !== undefined && v[alias] !== undefined) {
      ctx.addIssue({ code: 'custom', path: [alias], message: aliasConflictText(option, alias) });
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
  return Object.fromEntries(
    aliases.map((a) => {
      const s = schema.optional().describe(`Alias of \`${option}\`.`);
      ALIAS_OF.set(s, option);
      return [a, s];
    }),
  ) as { [K in A]: z.ZodOptional<T> };
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
