/**
 * Interprets what a module returned (Ansible's TaskExecutor + TaskResult): default flags, changed_when and
 * failed_when, loop aggregates, thrown errors turned into data, and the one HostStatus the result stands for.
 */
import { ConnectionError, LookupError, TemplateError, errorMessage, isWinbookError } from '../errors.ts';
import type { ModuleResult } from '../modules/types.ts';
import type { TaskDef } from '../playbook/types.ts';
import type { EngineDeps } from './deps.ts';
import type { HostStatus } from './events.ts';

export interface Outcome {
  status: HostStatus;
  /** Unredacted: what `register` stores. Redaction happens when the event is built. */
  result: ModuleResult;
}

/** Ansible sets `failed` from a non-zero `rc` when a module did not say, and `changed` to false. */
export function normalize(r: ModuleResult): ModuleResult {
  const out: ModuleResult = { ...r };
  if (out.failed === undefined) out.failed = out.rc !== undefined && out.rc !== 0 && (out.rc as unknown) !== '0';
  if (out.changed === undefined) out.changed = false;
  return out;
}

export function skippedByWhen(condition: string): ModuleResult {
  return { changed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: condition };
}

/**
 * changed_when, then failed_when, with the result visible under the task's `register` name (as Ansible does).
 * Skipped results are left alone. A condition that cannot be evaluated fails the task, saying which one.
 */
export function applyConditions(deps: EngineDeps, task: TaskDef, result: ModuleResult, vars: Record<string, unknown>): ModuleResult {
  if (result.skipped) return result;
  const out = { ...result };
  const withFacts = withResultFacts(vars, task.module, result);
  const scope = task.register ? { ...withFacts, [task.register]: out } : withFacts;
  const where = { task: task.name, pos: task.pos };
  let which = 'changed';
  try {
    if (task.changedWhen?.length) out.changed = task.changedWhen.every((c) => deps.evaluateCondition(c, scope, where));
    which = 'failed';
    if (task.failedWhen?.length) {
      const failed = task.failedWhen.every((c) => deps.evaluateCondition(c, scope, where));
      out.failed = failed;
      out.failed_when_result = failed;
    }
  } catch (e) {
    out.failed = true;
    out[`${which}_when_result`] = messageOf(e, task);
    out.msg = messageOf(e, task);
  }
  return out;
}

/**
 * TaskExecutor._execute (2.14) lets changed_when, failed_when and until see the facts the module just returned:
 * set_fact's and include_vars' as variables, any other module's as variables and (as 2.14 writes it, nested once
 * more) under `ansible_facts`; debug's never.
 */
export function withResultFacts(vars: Record<string, unknown>, module: string, result: ModuleResult): Record<string, unknown> {
  const facts = result.ansible_facts;
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts) || module === 'debug') return vars;
  const af = facts as Record<string, unknown>;
  if (module === 'set_fact' || module === 'include_vars') return { ...vars, ...af };
  const deprefixed = Object.fromEntries(Object.entries(af).map(([k, v]) => [k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k, v]));
  const old = typeof vars.ansible_facts === 'object' && vars.ansible_facts !== null ? (vars.ansible_facts as Record<string, unknown>) : {};
  return { ...vars, ansible_facts: { ...old, ansible_facts: deprefixed }, ...af };
}

export function statusOf(r: ModuleResult, ignoreErrors: boolean): HostStatus {
  if (r.unreachable) return 'unreachable';
  if (r.failed) return ignoreErrors ? 'ignored' : 'failed';
  if (r.skipped) return 'skipped';
  return r.changed ? 'changed' : 'ok';
}

/** A loop's registered result, as Ansible builds it from the item results. */
export function aggregateLoop(items: ModuleResult[]): ModuleResult {
  if (items.length === 0) return { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] };
  const failed = items.some((r) => r.failed);
  const out: ModuleResult = {
    changed: items.some((r) => r.changed),
    msg: failed ? 'One or more items failed' : 'All items completed',
    results: items,
  };
  if (failed) out.failed = true;
  // Only when every item was skipped is the task skipped.
  if (items.every((r) => r.skipped)) out.skipped = true;
  return out;
}

/** Any thrown error becomes data: ConnectionError → unreachable, anything else → failed. */
export function fromError(e: unknown, task: TaskDef): Outcome {
  const msg = messageOf(e, task);
  if (e instanceof ConnectionError) return { status: 'unreachable', result: { changed: false, unreachable: true, msg } };
  return { status: 'failed', result: { changed: false, failed: true, msg } };
}

function messageOf(e: unknown, task: TaskDef): string {
  if (e instanceof LookupError) return e.message;
  const msg = isWinbookError(e) ? e.describe({ withHost: false }) : errorMessage(e);
  // A template error must name the task as well as the variable, wherever the templating layer put them.
  if (e instanceof TemplateError && !msg.includes(task.name)) return `${msg} (in task '${task.name}')`;
  return msg;
}
