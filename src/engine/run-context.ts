/** The state of one run: options, neighbours, per-host state, stats, and the one way events leave the engine. */
import type { Inventory, Vars } from '../inventory/types.ts';
import type { Playbook } from '../playbook/types.ts';
import { isTemplate, templatedConditionWarning } from '../template/index.ts';
import type { EngineDeps } from './deps.ts';
import type { EventBus, RunEvent } from './events.ts';
import { HostConnection } from './host-connection.ts';
import type { EngineOptions } from './options.ts';
import { MIN_LENGTH } from '../template/secret-taint.ts';
import { Redactor } from './redact.ts';
import { RunStats } from './stats.ts';

/** Where a host stands in the run. Failed and unreachable hosts take no further part (Ansible semantics). */
export type HostPhase =
  /** Still running tasks. */
  | 'active'
  /** A task failed (not ignored). */
  | 'failed'
  /** The connection could not be made or broke. */
  | 'unreachable'
  /** any_errors_fatal / max_fail_percentage stopped the play (and the playbook) while this host was fine. */
  | 'stopped'
  /** meta: end_host / end_play: out of this play, back in the next. */
  | 'ended';

export interface HostState {
  name: string;
  phase: HostPhase;
  /** Registered results and set_fact / module facts: above task vars and include_vars, below include params and extra vars. */
  facts: Vars;
  /**
   * Facts a fact module returned (setup, the play's Gathering Facts): Ansible's fact cache, which sits below play
   * vars and is also `ansible_facts` (names without `ansible_`). Absent until something is gathered (`??=` at use).
   */
  gathered?: Vars;
  /**
   * What include_vars loaded, as written (templated when used, like any variable; Ansible's vars cache): above
   * task vars, below facts. Absent until an include_vars runs (`??=` at use).
   */
  includeVars?: Vars;
  /** Handler names notified and not yet run in the current play. */
  notified: Set<string>;
  conn: HostConnection;
}

type Timeless<E> = E extends RunEvent ? Omit<E, 'at'> : never;

export interface RunContext {
  pb: Playbook;
  inv: Inventory;
  opts: EngineOptions;
  deps: EngineDeps;
  redactor: Redactor;
  stats: RunStats;
  hosts: Map<string, HostState>;
  now: () => number;
  aborted: () => boolean;
  /** any_errors_fatal or max_fail_percentage was crossed: no further batch or play starts. */
  playStopped: boolean;
  /** Waits (loop pause, retry delay); tests inject an instant one. */
  sleep(ms: number): Promise<void>;
  /** Inventory variables per host, computed once per run. */
  invVars(host: string): Vars;
  emit(event: Timeless<RunEvent>): void;
  /** A warning Ansible says from one task's worker on one host (`perTask`): once per task, host and text. */
  taskWarning(host: string, message: string): void;
}

export function createRunContext(pb: Playbook, inv: Inventory, opts: EngineOptions, bus: EventBus, deps: EngineDeps): RunContext {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, Vars>();
  const send = (event: Timeless<RunEvent>): void => bus.emit({ ...event, at: now() } as RunEvent);
  const redactor = new Redactor(opts.secrets ?? [], (source) => send({ type: 'warning', message: shortSecretWarning(source) }));
  const conditions = workerWarnings(deps, send);
  const emit = (event: Timeless<RunEvent>): void => {
    if (event.type === 'task.start') conditions.taskStarted();
    send(event);
  };
  return {
    pb,
    inv,
    opts,
    deps: { ...deps, evaluateCondition: conditions.evaluateCondition },
    redactor,
    stats: new RunStats(),
    hosts: new Map(),
    now,
    aborted: () => opts.signal?.aborted ?? false,
    playStopped: false,
    sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    invVars(host) {
      let v = cache.get(host);
      if (!v) {
        v = deps.hostVars(inv, host);
        cache.set(host, v);
        redactor.addFromVars(v);
      }
      return v;
    },
    emit,
    taskWarning: (host, message) => conditions.warn(host, message),
  };
}

/** winbook's own warning (ansible-playbook hides no secret it is not told to) for a secret too short to hide inside text. */
export function shortSecretWarning(source: string): string {
  return `${source} is a secret of fewer than ${MIN_LENGTH} characters: winbook hides it where it is a whole value, not inside other text`;
}

/**
 * ansible-core 2.14's Conditional._check_conditional warns about a `when`, `changed_when`, `failed_when`, `until` or
 * include's `when` written as a template (`when: "{{ x }}"`) each time it evaluates one. It runs in the worker process
 * of one task on one host, whose Display prints a text once (a loop's items share the worker): so once per task and
 * host here, the set cleared at every task's start (the linear strategy runs one task at a time).
 */
function workerWarnings(deps: EngineDeps, emit: (event: Timeless<RunEvent>) => void): { evaluateCondition: EngineDeps['evaluateCondition']; warn(host: string | undefined, message: string): void; taskStarted(): void } {
  const seen = new Set<string>();
  const warn = (host: string | undefined, message: string): void => {
    const key = `${host ?? ''}\0${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    emit({ type: 'warning', ...(host === undefined ? {} : { host }), message, perTask: true });
  };
  return {
    evaluateCondition: (expr, vars, where) => {
      if (typeof expr === 'string' && isTemplate(expr)) warn(typeof vars.inventory_hostname === 'string' ? vars.inventory_hostname : undefined, templatedConditionWarning(expr));
      return deps.evaluateCondition(expr, vars, where);
    },
    warn,
    taskStarted: () => seen.clear(),
  };
}

export function hostState(ctx: RunContext, name: string): HostState {
  let h = ctx.hosts.get(name);
  if (!h) {
    h = { name, phase: 'active', facts: {}, notified: new Set(), conn: new HostConnection(name, ctx.opts.connect, ctx.deps.createAgent) };
    ctx.hosts.set(name, h);
  }
  return h;
}
