/**
 * A task's arguments on one host: templated with the host's variables, converted to each option's type as Ansible
 * converts them (modules/arg-coerce.ts), then validated by the module's schema.
 */
import { InputError } from '../errors.ts';
import { ArgumentError, coerceModuleArgs } from '../modules/arg-coerce.ts';
import type { ModuleDef } from '../modules/types.ts';
import type { TaskDef } from '../playbook/types.ts';
import type { EngineDeps } from './deps.ts';
import type { Redactor } from './redact.ts';
import { plainText, plainValue } from '../template/index.ts';
import { holdsTemplate } from '../playbook/literal-args.ts';

interface Issue {
  code?: string;
  path?: PropertyKey[];
  message?: string;
  keys?: string[];
}

/**
 * A task's arguments that hold no template render to the same value on every host, so an agent or raw module's
 * are converted and validated once per task (zod's parse was a tenth of the controller's CPU per task-host), not
 * once per host. Each host gets its own shallow copy. Controller modules are left out: set_fact and friends hand
 * their arguments on as facts, which must not be shared between hosts.
 */
interface LiteralArgs {
  def: ModuleDef;
  render: EngineDeps['renderValue'];
  data: Record<string, unknown>;
  secrets: [string, unknown][];
}
const literalArgs = new WeakMap<TaskDef, LiteralArgs | false>();

export function prepareArgs(deps: EngineDeps, def: ModuleDef, task: TaskDef, vars: Record<string, unknown>, redactor: Redactor): unknown {
  let cached = literalArgs.get(task);
  if (cached === undefined) {
    cached = def.kind === 'controller' || holdsTemplate(task.args) ? false : undefined;
    if (cached === false) literalArgs.set(task, false);
  }
  if (cached && cached.def === def && cached.render === deps.renderValue) {
    for (const [k, s] of cached.secrets) redactor.add(s, `${def.name}'s '${k}'`);
    return { ...cached.data };
  }
  const parsed = prepareOnHost(deps, def, task, vars, redactor);
  if (cached === undefined && isRecord(parsed)) {
    const args = task.args as Record<string, unknown>;
    literalArgs.set(task, { def, render: deps.renderValue, data: { ...parsed }, secrets: def.secretArgs.map((k) => [k, args[k]]) });
  }
  return parsed;
}

function prepareOnHost(deps: EngineDeps, def: ModuleDef, task: TaskDef, vars: Record<string, unknown>, redactor: Redactor): unknown {
  const templated = deps.renderValue(task.args, vars, { task: task.name, pos: task.pos });
  // set_fact stores what its templates gave, NativeJinjaText included (as Ansible's set_fact does); every other
  // module gets plain strings. Python floats (`1.0`, template/py-float.ts) stay floats until converted.
  const rendered = def.name === 'set_fact' ? templated : plainText(templated);
  // Secret arguments are registered before validation so even an error message cannot show them.
  if (rendered !== null && typeof rendered === 'object') {
    for (const k of def.secretArgs) redactor.add((rendered as Record<string, unknown>)[k], `${def.name}'s '${k}'`);
  }
  // Ansible converts each option to its type first (`groups: Guests` is a list, `"yes"` a boolean).
  let coerced: unknown;
  try {
    coerced = coerceModuleArgs(def, rendered);
  } catch (e) {
    if (!(e instanceof ArgumentError)) throw e;
    throw new InputError('MODULE_ARGS', e.message, { task: task.name, pos: task.argPos[e.arg] ?? task.pos });
  }
  const plain = plainValue(coerced);
  const parsed = def.schema.safeParse(plain);
  if (parsed.success) return def.kind === 'controller' ? keepPythonValues(parsed.data, plain, coerced) : parsed.data;
  const issues = (parsed.error as { issues?: Issue[] }).issues ?? [];
  throw new InputError('MODULE_ARGS', describeIssues(def.name, issues), { task: task.name, pos: task.pos });
}

/**
 * A controller module's options that its schema handed through unchanged (debug's msg, set_fact's facts) get back
 * the values as rendered: `debug: msg: 1.0` prints `1.0` as Ansible's does, a set_fact keeps its NativeJinjaText.
 * Agent modules get plain JSON values: PowerShell is given numbers.
 */
function keepPythonValues(data: unknown, plain: unknown, coerced: unknown): unknown {
  if (plain === coerced || !isRecord(data) || !isRecord(plain) || !isRecord(coerced)) return data;
  const out = { ...data };
  for (const [k, v] of Object.entries(out)) if (v === plain[k] && k in coerced) out[k] = coerced[k];
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeIssues(module: string, issues: Issue[]): string {
  const parts = issues.map((i) => {
    if (i.code === 'unrecognized_keys' && i.keys?.length) {
      return `Unsupported parameters for (${module}) module: ${i.keys.join(', ')}`;
    }
    const name = (i.path ?? []).map(String).join('.');
    return name ? `argument '${name}' of module ${module}: ${i.message ?? 'invalid'}` : `module ${module}: ${i.message ?? 'invalid arguments'}`;
  });
  return parts.length ? parts.join('; ') : `invalid arguments for module ${module}`;
}
