/**
 * One task on one host (Ansible's TaskExecutor): `when`, loop items, templated and validated arguments, the
 * module call, result interpretation, `register`, facts, `notify`, redaction, and the host's events and stats.
 */
import { ConnectionError } from '../errors.ts';
import type { Deprecation, ModuleDef, ModuleResult } from '../modules/types.ts';
import type { HostStatus } from './events.ts';
import { notifyHandlers } from './handlers.ts';
import { cutShortByInterrupt } from './interrupt-hosts.ts';
import { invokeAsync } from './async-task.ts';
import { prepareArgs } from './module-args.ts';
import { invokeModule } from './module-invoke.ts';
import { censor } from './redact.ts';
import type { HostState, RunContext } from './run-context.ts';
import { runLoop } from './task-loop.ts';
import { withRetries } from './task-retry.ts';
import { applyConditions, fromError, normalize, skippedByWhen, statusOf } from './task-result.ts';
import type { Outcome } from './task-result.ts';
import { taskEnvironment } from './task-environment.ts';
import { keepTemplated, varsFor } from './task-vars.ts';
import { taskSearchPath } from '../playbook/search-path.ts';
import { decideBecome } from './become.ts';
import type { TaskScope } from './task-vars.ts';

export async function executeTask(ctx: RunContext, scope: TaskScope, host: HostState): Promise<HostStatus> {
  const started = ctx.now();
  ctx.emit({ type: 'host.start', host: host.name, task: scope.task.name });
  let outcome: Outcome;
  try {
    const vars = varsFor(ctx, scope, host);
    const once = (v: Record<string, unknown>) => withRetries(ctx, scope, host, v, () => runOnce(ctx, scope, host, v));
    const emitItem = (o: Outcome, at: number, label: string) => emitResult(ctx, scope, host, o, at, label);
    outcome = scope.task.loop === undefined ? await runSingle(scope, await once(vars)) : await runLoop(ctx, scope, host, vars, once, emitItem);
  } catch (e) {
    // A task that fails before its module runs (its loop's items cannot be made) is ignored as any failure is.
    const o = fromError(e, scope.task);
    outcome = o.status === 'failed' ? { status: statusOf(o.result, scope.task.ignoreErrors), result: o.result } : o;
  }
  return finish(ctx, scope, host, outcome, started);
}

async function runSingle(scope: TaskScope, result: ModuleResult): Promise<Outcome> {
  return { status: statusOf(result, scope.task.ignoreErrors), result };
}

/**
 * One module call: `when` first, then arguments, then the module. Errors other than connection errors become this
 * call's failed result, so one bad loop item does not lose the others. Task-level check_mode/diff override the run's.
 */
async function runOnce(ctx: RunContext, scope: TaskScope, host: HostState, vars: Record<string, unknown>): Promise<ModuleResult> {
  const { task } = scope;
  try {
    const where = { task: task.name, pos: task.pos };
    const falseCondition = task.when.find((c) => !ctx.deps.evaluateCondition(c, vars, where));
    if (falseCondition !== undefined) return skippedByWhen(falseCondition);
    const def = ctx.deps.findModule(task.module);
    if (!def) return { changed: false, failed: true, msg: `couldn't resolve module/action '${task.moduleAs}'` };
    for (const w of def.writtenWarnings?.(task.args) ?? []) ctx.taskWarning(host.name, w);
    const become = task.become || vars.ansible_become !== undefined ? decideBecome(ctx.deps, task, def, vars) : undefined;
    if (become?.fail) return { changed: false, failed: true, msg: become.fail };
    if (become?.warn) warnOnce(ctx, task, host, become.warn);
    const args = prepareArgs(ctx.deps, def, task, vars, ctx.redactor);
    const check = task.checkMode ?? ctx.opts.check;
    const diff = task.diff ?? ctx.opts.diff;
    const environment = taskEnvironment(ctx.deps, scope.play, task, vars);
    const ictx = {
      host, check, diff,
      // A copy of every variable only when the task's check_mode/diff differ from what the variables say (they hold
      // the run's): the module reads them, never writes.
      vars: vars.ansible_check_mode === check && vars.ansible_diff_mode === diff ? vars : { ...vars, ansible_check_mode: check, ansible_diff_mode: diff },
      ...(environment ? { environment } : {}), signal: ctx.opts.signal,
      ...(task.preloaded === undefined ? {} : { preloaded: task.preloaded }),
      ...(ctx.opts.decryptFile ? { decryptFile: ctx.opts.decryptFile } : {}),
      searchPath: taskSearchPath(task), moduleAs: task.moduleAs, ignoreErrors: task.ignoreErrors,
      verbosity: ctx.opts.verbosity ?? 0,
      warn: (message: string) => warnOnce(ctx, task, host, message),
    };
    const raw = task.async ? await invokeAsync(def, args, ictx, task.async) : await invokeModule(def, args, ictx);
    const result = applyConditions(ctx.deps, task, normalize(withDeprecations(def, task.args, raw)), vars);
    mergeFacts(host, result, def.name);
    return result;
  } catch (e) {
    if (e instanceof ConnectionError) throw e;
    return fromError(e, task).result;
  }
}

/**
 * The deprecations 1.14 reports for the options the task wrote (ModuleDef.deprecatedOptions) before the module's
 * own, as Ansible.Basic records deprecated aliases while it reads the arguments; the reporter prints each text once.
 */
function withDeprecations(def: ModuleDef, written: Record<string, unknown>, r: ModuleResult): ModuleResult {
  const table = def.deprecatedOptions;
  if (!table) return r;
  const found = Object.keys(written).flatMap((k) => (Object.hasOwn(table, k) ? [table[k] as Deprecation] : []));
  if (!found.length) return r;
  const own = r.deprecations === undefined ? [] : Array.isArray(r.deprecations) ? (r.deprecations as unknown[]) : [r.deprecations];
  return { ...r, deprecations: [...found, ...own] };
}

const warned = new WeakMap<RunContext, Set<string>>();

/** A warning (become, keys a module ignores) once per task and text, not per host or loop item, as Ansible's deprecation warnings are. */
function warnOnce(ctx: RunContext, task: { id: string }, host: HostState, message: string): void {
  let seen = warned.get(ctx);
  if (!seen) warned.set(ctx, (seen = new Set()));
  const key = `${task.id}\0${message}`;
  if (seen.has(key)) return;
  seen.add(key);
  ctx.emit({ type: 'warning', host: host.name, message });
}

/**
 * set_fact and fact-returning modules: `ansible_facts` become host variables for the rest of the run. A fact
 * module's (setup) go to the fact cache, below play vars and under `ansible_facts` too (vars/manager.py: the fact
 * cache comes before play vars, set_fact after); include_vars' go to their own level, as Ansible's strategy keeps
 * them apart (set_host_variable): below facts, and templated when used, where facts are data.
 */
function mergeFacts(host: HostState, result: ModuleResult, module: string): void {
  const facts = result.ansible_facts;
  if (!facts || typeof facts !== 'object' || Array.isArray(facts) || result.failed) return;
  if (module === 'setup') Object.assign((host.gathered ??= {}), facts);
  else Object.assign(module === 'include_vars' ? (host.includeVars ??= {}) : host.facts, facts);
}

function finish(ctx: RunContext, scope: TaskScope, host: HostState, outcome: Outcome, started: number): HostStatus {
  let { status, result } = outcome;
  if (cutShortByInterrupt(ctx, status)) return status;
  if (status === 'changed' && scope.task.notify.length) {
    const unknown = notifyHandlers(scope.play, host, scope.task.notify);
    if (unknown) {
      result = { ...result, failed: true, msg: unknown };
      status = statusOf(result, scope.task.ignoreErrors);
    }
  }
  // A result can ask to be hidden (include_vars read an encrypted file: `_ansible_no_log`), as Ansible's
  // strategy strips that internal key from what it registers.
  const hidden = scope.task.noLog || result._ansible_no_log === true;
  if ('_ansible_no_log' in result) {
    const { _ansible_no_log: _hidden, ...rest } = result;
    result = rest;
  }
  if (scope.task.register && status !== 'unreachable') {
    if (scope.task.module === 'include_vars' || scope.task.module === 'set_fact') keepTemplated(result);
    host.facts[scope.task.register] = result;
  }
  shareRunOnce(scope, host, result);
  emitResult(ctx, scope, host, { status, result }, started, undefined, hidden);
  if (status === 'failed' && scope.rescuable) {
    ctx.stats.recordRescued(host.name);
    // What a rescue: section sees (Ansible sets them as facts that outlive the block).
    host.facts.ansible_failed_task = { name: scope.task.name, action: scope.task.module, id: scope.task.id };
    host.facts.ansible_failed_result = hidden ? censor(result) : ctx.redactor.value(result);
  } else ctx.stats.record(host.name, status, Boolean(result.changed));
  if (status === 'failed') host.phase = 'failed';
  if (status === 'unreachable') host.phase = 'unreachable';
  return status;
}

/** run_once: the other hosts of the task get the registered result and the facts, without running it. */
function shareRunOnce(scope: TaskScope, host: HostState, result: ModuleResult): void {
  for (const other of scope.shareWith ?? []) {
    if (scope.task.register) other.facts[scope.task.register] = result;
    mergeFacts(other, result, scope.task.module);
  }
  void host;
}

/** A loop's items that asked to be hidden stay hidden in the aggregate result, as Ansible's callbacks show them. */
function hideItems(result: ModuleResult): ModuleResult {
  if (!Array.isArray(result.results) || !result.results.some((r: ModuleResult) => r?._ansible_no_log === true)) return result;
  return { ...result, results: result.results.map((r: ModuleResult) => (r?._ansible_no_log === true ? censor(r) : r)) };
}

function emitResult(ctx: RunContext, scope: TaskScope, host: HostState, o: Outcome, started: number, item?: string, hidden = scope.task.noLog || o.result._ansible_no_log === true): void {
  const shown = hidden ? censor(o.result) : ctx.redactor.value(hideItems(o.result));
  ctx.emit({
    type: 'host.result',
    host: host.name,
    task: scope.task.name,
    taskId: scope.task.id,
    module: scope.task.module,
    handler: scope.handler,
    status: o.status,
    result: shown,
    ...(item === undefined ? {} : { item }),
    durationMs: ctx.now() - started,
  });
}
