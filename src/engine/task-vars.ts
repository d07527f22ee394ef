/**
 * The variables a task sees on a host, in Ansible's precedence for what winbook supports (low → high):
 * magic vars < inventory vars < play vars < task vars < include_vars < registered vars and facts < role and include
 * params < extra vars (`-e` always wins).
 */
import { dirname } from 'node:path';
import type { Vars } from '../inventory/types.ts';
import { ansibleSearchPath, taskSearchPath } from '../playbook/search-path.ts';
import type { PlayDef, TaskDef } from '../playbook/types.ts';
import type { HostState, RunContext } from './run-context.ts';
import { markUnsafe, plainValue, SECRET_SINK } from '../template/index.ts';

/** What every host sees the same during one task: computed once per task, not once per host. */
export interface TaskScope {
  play: PlayDef;
  task: TaskDef;
  handler: boolean;
  /** Hosts still active in the play when the task started. */
  playHosts: string[];
  /** `hostvars[name]`: inventory vars and facts of every inventory host. */
  hostvars: Record<string, Vars>;
  /** A failure is caught by an enclosing block's rescue. */
  rescuable?: boolean;
  /** run_once: the hosts that take the result without running the task. */
  shareWith?: HostState[];
}

export function buildHostvars(ctx: RunContext): Record<string, Vars> {
  const out: Record<string, Vars> = {};
  for (const name of ctx.inv.hosts.keys()) {
    const h = ctx.hosts.get(name);
    out[name] = { ...ctx.invVars(name), ...(h ? factCacheVars(h) : {}), ...(h?.facts ?? {}) };
  }
  return out;
}

/**
 * The fact cache as variables (Ansible's vars/clean.py): each fact under its own name (INJECT_FACTS_AS_VARS) and
 * all of them under `ansible_facts` without the `ansible_` prefix (`ansible_local` keeps it). Empty when nothing
 * was gathered, as `ansible_facts` is `{}` in a play with gather_facts off.
 */
function factCacheVars(host: HostState): Vars {
  const cache = host.gathered ?? {};
  const namespaced: Vars = {};
  for (const [k, v] of Object.entries(cache)) namespaced[k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k] = v;
  return { ...cache, ansible_facts: namespaced };
}

/**
 * Registered results of include_vars and set_fact: ansible-core 2.14 leaves them as they are (its
 * _ACTION_WITH_CLEAN_FACTS are not wrapped as unsafe), so `reg.ansible_facts.url` holding `https://{{ host }}` is
 * templated when read, where any other module's result is data.
 */
const cleanFactResults = new WeakSet<object>();
export function keepTemplated(result: object): void {
  cleanFactResults.add(result);
}

/** The magic variables, the same for every host of one task: built once per TaskScope, not once per host. */
const magicOf = new WeakMap<TaskScope, { ctx: RunContext; magic: Vars; role: Vars }>();

function magicVars(ctx: RunContext, scope: TaskScope): { magic: Vars; role: Vars } {
  const known = magicOf.get(scope);
  if (known?.ctx === ctx) return known;
  const magic: Vars = {
    ansible_check_mode: ctx.opts.check,
    ansible_diff_mode: ctx.opts.diff,
    ansible_play_name: scope.play.name,
    ansible_play_hosts: scope.playHosts,
    ansible_play_batch: scope.playHosts,
    playbook_dir: dirname(ctx.pb.file),
    // Where lookups look for relative files (LookupBase.find_file_in_search_path), as TaskExecutor sets it.
    ansible_search_path: ansibleSearchPath(taskSearchPath(scope.task), dirname(ctx.pb.file)),
    hostvars: scope.hostvars,
  };
  const role = scope.task.role ? { role_name: scope.task.role.name, role_path: scope.task.role.path } : {};
  const built = { ctx, magic, role };
  magicOf.set(scope, built);
  return built;
}

export function varsFor(ctx: RunContext, scope: TaskScope, host: HostState): Vars {
  const { magic, role } = magicVars(ctx, scope);
  const play = scope.play;
  // Ansible 2.14's order (VariableManager.get_vars) for the levels we support: role defaults < inventory < gathered
  // facts < play vars < vars_files < role vars < block/task vars < include_vars < facts and registered vars (set_fact)
  // < role params and include_tasks/include_role vars (task.params, a part of task.vars put back on top) < extra vars.
  const merged = mergeLayers([
    magic, play.roleDefaults, ctx.invVars(host.name), factCacheVars(host), play.vars, play.varsFiles, play.roleVars,
    scope.task.vars, host.includeVars, host.facts, scope.task.params, role, ctx.opts.extraVars,
  ]);
  // Variables are templated again when a template reads them (src/template/environment.ts); registered
  // results, facts and hostvars are data, as Ansible's unsafe values, never re-templated.
  // (for…in over own enumerable data, not Object.entries/values: no array of pairs per host per task to collect.)
  markUnsafe(scope.hostvars);
  const facts = host.facts;
  for (const k in facts) {
    const v = facts[k];
    if (!(typeof v === 'object' && v !== null && cleanFactResults.has(v))) markUnsafe(v);
  }
  const gathered = host.gathered;
  if (gathered) for (const k in gathered) markUnsafe(gathered[k]);
  const resolved = resolveNested(ctx, merged);
  // Connection, become and secret variables are read outside templates: plain strings, never NativeJinjaText.
  // plainValue returns a string, number or boolean as it is: only other values are looked at (and written back).
  for (const k in resolved) {
    if (!k.startsWith('ansible_')) continue;
    const v = resolved[k];
    if (typeof v === 'object' && v !== null) {
      const p = plainValue(v);
      if (p !== v) resolved[k] = p;
    }
  }
  ctx.redactor.addFromVars(resolved);
  // Templates rendered with these variables register what they derive from a secret (src/template/secret-taint.ts).
  (resolved as Record<symbol, unknown>)[SECRET_SINK] = ctx.redactor;
  return resolved;
}

/**
 * `{ ...a, ...b, … }` of the variable levels, lowest first, as a loop: on Node 20 a spread after the first copies an
 * inventory host's variables in V8's slow path, about 40 µs for the 14 a simulated host has against 2–3 µs for this
 * loop (bench/task-path-micro.ts), once per host per task. The same result: own enumerable keys in order (the levels
 * hold no symbol keys), later levels win, and a variable named `__proto__` is a property, as a spread defines it.
 */
function mergeLayers(layers: Array<Vars | undefined>): Vars {
  const out: Vars = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const k of Object.keys(layer)) {
      if (k === '__proto__') Object.defineProperty(out, k, { value: layer[k], enumerable: true, writable: true, configurable: true });
      else out[k] = layer[k];
    }
  }
  return out;
}

const TEMPLATE = /\{\{|\{%/;

/**
 * Ansible templates variables lazily, so `url: "https://{{ host }}"` in play vars resolves wherever it is used.
 * We resolve string values that hold templates once, for the readers that are not templates (connection
 * variables, the redactor); a variable read inside a template renders the variables it uses itself (on use, see
 * template/environment.ts), so one pass resolves chains. A value whose result still reads as a template — text
 * from `{% raw %}` — keeps its written form, so it is never rendered a second time (Ansible prints the raw text).
 * One that cannot be rendered (it uses an undefined variable) stays as written, and only fails a task that uses it.
 */
function resolveNested(ctx: RunContext, vars: Vars): Vars {
  // varsFor's merged object is new for each call: resolved in place, not copied again.
  const out = vars;
  for (const k in out) {
    const v = out[k];
    if (typeof v !== 'string' || !TEMPLATE.test(v)) continue;
    try {
      const r = ctx.deps.renderValue(v, out);
      if (typeof r === 'string' && TEMPLATE.test(r)) continue;
      out[k] = r;
    } catch {
      // Left unresolved on purpose: see above.
    }
  }
  return out;
}
