/**
 * Module arguments written as plain values (no template) are checked when the playbook loads, exactly as the
 * engine checks them on a host (converted per option type by modules/arg-coerce.ts, then the option's schema):
 * `state: sideways` is Ansible's "value of state must be one of: …" at the value's file:line:col, exit 3, before
 * any host is touched — not a failure on each host after earlier tasks changed them. A value holding a template
 * is checked after rendering, on each host.
 */
import type { SourcePos } from '../errors.ts';
import { ArgumentError, coerceOption, flavourOf } from '../modules/arg-coerce.ts';
import { objectShape, optionSpecs, type OptionSpec } from '../modules/arg-spec.ts';
import { aliasConflictText } from '../modules/option-alias.ts';
import type { ModuleDef } from '../modules/types.ts';
import type { ModuleArgs } from './module-args.ts';
import { inputError } from './yaml-pos.ts';
import { plainValue } from '../template/index.ts';

/** True when rendering could change the value: a string with `{{`, `{%` or `{#` anywhere inside. */
export function holdsTemplate(v: unknown): boolean {
  if (typeof v === 'string') return /\{[{%#]/.test(v);
  if (Array.isArray(v)) return v.some(holdsTemplate);
  if (typeof v === 'object' && v !== null) return Object.entries(v).some(([k, x]) => holdsTemplate(k) || holdsTemplate(x));
  return false;
}

export function checkLiteralArgs(def: ModuleDef, margs: ModuleArgs, fallback: SourcePos): void {
  const specs = optionSpecs(def.schema);
  const shape = objectShape(def.schema);
  if (!specs || !shape) return;
  checkAliasPairs(def, margs, specs, fallback);
  for (const [k, v] of Object.entries(margs.args)) {
    const spec = specs[k];
    const schema = shape[k];
    if (!spec || !schema || holdsTemplate(v)) continue;
    const pos = margs.valuePos[k] ?? margs.argPos[k] ?? fallback;
    let value: unknown;
    try {
      value = coerceOption(k, v, spec, flavourOf(def.kind));
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      throw inputError('MODULE_ARGS', `${def.name}: ${e.message}`, pos, { hint: hintFor(def.name, k, spec.choices) });
    }
    // A YAML float (`1.0`, a PyFloat) is checked as its number, as the engine checks it (engine/module-args.ts).
    const parsed = schema.safeParse(plainValue(value));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length ? `${k}.${issue.path.map(String).join('.')}` : k;
      throw inputError('MODULE_ARGS', `argument '${where}' of module ${def.name}: ${issue?.message ?? 'invalid value'}`, pos, {
        hint: `see 'winbook doc ${def.name}' for what ${k} takes`,
      });
    }
  }
  // An option left out takes its default; where the module refuses that default (win_updates' state 'installed'),
  // the task is refused here too. A missing required option stays the run-time "missing required arguments", as in Ansible.
  for (const [k, schema] of Object.entries(shape)) {
    if (k in margs.args) continue;
    const issue = schema.safeParse(undefined).error?.issues[0];
    if (issue?.code === 'custom') {
      throw inputError('MODULE_ARGS', `argument '${k}' of module ${def.name} (left at its default): ${issue.message}`, fallback, { hint: `see 'winbook doc ${def.name}' for what ${k} takes` });
    }
  }
}

/** An option and its alias both written (templated or not) is refused at load, at the second one written. */
function checkAliasPairs(def: ModuleDef, margs: ModuleArgs, specs: Record<string, OptionSpec>, fallback: SourcePos): void {
  const written = new Map<string, string>();
  for (const k of Object.keys(margs.args)) {
    const option = specs[k]?.aliasOf ?? k;
    const first = written.get(option);
    if (first === undefined) {
      written.set(option, k);
      continue;
    }
    const [a, b] = first === option ? [first, k] : k === option ? [k, first] : [first, k];
    throw inputError('MODULE_ARGS', `${def.name}: ${aliasConflictText(a, b)}`, margs.argPos[k] ?? fallback, { hint: `keep ${a} or ${b}, not both` });
  }
}

function hintFor(module: string, name: string, choices: string[] | undefined): string {
  return choices ? `write one of: ${choices.join(', ')}` : `see 'winbook doc ${module}' for the type ${name} takes`;
}
