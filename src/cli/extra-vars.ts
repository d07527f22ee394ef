/** `-e` values, parsed when the run command's module loads (YAML is not needed for `--help`). */
import { OptionsError } from '../errors.ts';
import { parseExtraVarsYaml, readExtraVarsFile } from '../playbook/extra-vars-input.ts';
import { parseKv } from '../playbook/parse-kv.ts';
import { EscapeError } from '../playbook/decode-escapes.ts';

/** `-e` as Ansible takes it: `k=v k2=v2`, a JSON/YAML object, or `@file`. Later `-e` win. */
export function parseExtraVars(value: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  let vars: unknown;
  if (value.startsWith('@')) {
    const file = value.slice(1);
    // A regular file below the size cap, aliases capped (src/playbook/extra-vars-input.ts).
    vars = parseExtraVarsYaml(readExtraVarsFile(value, file), value, file);
  } else if (value.trimStart().startsWith('{')) {
    try {
      vars = parseExtraVarsYaml(value, value);
    } catch (e) {
      if (e instanceof OptionsError) throw e;
      throw new OptionsError('BAD_EXTRA_VARS', `-e ${value}: not valid JSON/YAML (${(e as Error).message})`, { hint: `quote it for your shell: -e '{"k": "v"}'` });
    }
  } else {
    let kv: ReturnType<typeof parseKv>;
    try {
      kv = parseKv(value);
    } catch (e) {
      if (!(e instanceof EscapeError)) throw e;
      throw new OptionsError('BAD_EXTRA_VARS', `-e: ${e.message}`, { hint: `pass it as JSON instead: -e '{"k": "v"}'` });
    }
    vars = kv.params;
    if (Object.keys(kv.params).length === 0 || kv.raw.length > 0) {
      throw new OptionsError('BAD_EXTRA_VARS', `-e ${value}: expected key=value`, { hint: 'e.g. -e new_password=... or -e @vars.yml' });
    }
  }
  if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) {
    throw new OptionsError('BAD_EXTRA_VARS', `-e ${value}: extra vars must be a mapping`, { hint: 'e.g. -e key=value' });
  }
  return { ...previous, ...(vars as Record<string, unknown>) };
}

/** Every `-e` in order, later ones winning; undefined when none was given. */
export function parseAllExtraVars(values: string[] | undefined): Record<string, unknown> | undefined {
  return values?.reduce<Record<string, unknown>>((vars, v) => parseExtraVars(v, vars), {});
}
