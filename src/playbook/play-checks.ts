/**
 * Checks on a whole play once its tasks and handlers are loaded, so a mistake is exit 3 at load rather than a
 * failure after earlier tasks changed hosts:
 * - a literal `notify` naming no handler (by name or `listen`) is Ansible's "The requested handler 'x' was not
 *   found …" at the notify entry (ansible-playbook 2.14 fails only when the task changes; refusing earlier is safe);
 * - a play that gathers facts (gather_facts on, Ansible's default, or a setup task) and reads a fact
 *   ansible.windows' setup returns but winbook's cannot (`ansible_memtotal_mb`, `ansible_facts.processor`) is
 *   refused at the reference instead of failing on an undefined variable mid-play;
 * - a template that fails whatever the variables (a syntax error, a filter, test or lookup winbook does not
 *   have; template/static-check.ts) is refused where it is written.
 */
import type { SourcePos } from '../errors.ts';
import { includedNodes, type HandlerDef, type PlayDef, type TaskDef, type TaskNode } from './types.ts';
import { staticCheck } from '../template/index.ts';
import { holdsTemplate } from './literal-args.ts';
import { inputError } from './yaml-pos.ts';
import { NOT_GATHERED } from '../modules/setup/facts.ts';

const NOT_FOUND = (n: string): string => `The requested handler '${n}' was not found in either the main handlers list nor in the listening handlers list`;

/** Every plain task and handler of the play, blocks and includes opened. */
function* allTasks(nodes: TaskNode[]): Generator<TaskDef> {
  for (const n of nodes) {
    if (n.kind === 'block') yield* allTasks([...n.block, ...n.rescue, ...n.always]);
    else if (n.kind === 'include') yield* allTasks(includedNodes(n));
    else if (n.kind !== 'meta') yield n;
  }
}

function playTasks(play: PlayDef): TaskDef[] {
  return [...allTasks(play.preTasks ?? []), ...allTasks(play.tasks), ...allTasks(play.postTasks ?? []), ...play.handlers];
}

export function checkNotifies(play: PlayDef): void {
  const handlers: HandlerDef[] = play.handlers;
  // A templated handler name or topic is only known at run time; the engine checks notifications then.
  if (handlers.some((h) => holdsTemplate(h.name) || h.listen.some(holdsTemplate))) return;
  const known = new Set(handlers.flatMap((h) => [h.name, ...h.listen]));
  for (const t of playTasks(play)) {
    t.notify.forEach((n, i) => {
      if (holdsTemplate(n) || known.has(n)) return;
      throw inputError('PLAYBOOK_HANDLER_NOT_FOUND', NOT_FOUND(n), t.notifyPos?.[i] ?? t.pos, {
        hint: known.size ? `this play's handlers and listen topics: ${[...known].join(', ')}` : 'this play has no handlers; add one under handlers: with this name',
      });
    });
  }
}

/**
 * A fact ansible.windows' setup returns that winbook's setup cannot (modules/setup/facts.ts), read as a variable
 * (`ansible_memtotal_mb`) or through `ansible_facts` (`ansible_facts.memtotal_mb`, `ansible_facts['memtotal_mb']`).
 */
const UNANSWERED = Object.keys(NOT_GATHERED).sort((a, b) => b.length - a.length).join('|');
const FACT_RE = new RegExp(`\\b(ansible_(?:${UNANSWERED})|ansible_facts(?:\\.|\\[\\s*['"])(?:${UNANSWERED}))\\b`);

/** The first fact a value reads: in a template, or anywhere in a bare condition. */
function factIn(v: unknown, bare: boolean): string | undefined {
  if (typeof v === 'string') return bare || holdsTemplate(v) ? FACT_RE.exec(v)?.[1] : undefined;
  if (Array.isArray(v)) {
    for (const x of v) {
      const f = factIn(x, bare);
      if (f) return f;
    }
    return undefined;
  }
  if (typeof v === 'object' && v !== null) return factIn(Object.values(v), bare);
  return undefined;
}

interface FactUse {
  fact: string;
  pos: SourcePos;
}

function taskFactUse(t: TaskDef): FactUse | undefined {
  for (const [k, v] of Object.entries(t.args)) {
    const fact = factIn(v, false);
    if (fact) return { fact, pos: t.argPos[k] ?? t.pos };
  }
  const bare = [t.when, t.changedWhen ?? [], t.failedWhen ?? [], t.retry?.until ?? []];
  const fact = factIn(bare, true) ?? factIn([t.name, t.loop, t.vars, t.environment, t.loopControl?.label], false);
  return fact ? { fact, pos: t.pos } : undefined;
}

/** Includes' and metas' own conditions (their tasks are checked one by one). */
function nodeFactUse(nodes: TaskNode[]): FactUse | undefined {
  for (const n of nodes) {
    if (n.kind === 'block') {
      const u = nodeFactUse([...n.block, ...n.rescue, ...n.always]);
      if (u) return u;
    } else if (n.kind === 'include' || n.kind === 'meta') {
      const fact = factIn(n.when, true) ?? (n.kind === 'include' ? factIn(n.vars, false) : undefined);
      if (fact) return { fact, pos: n.pos };
      if (n.kind === 'include') {
        const u = nodeFactUse(includedNodes(n));
        if (u) return u;
      }
    }
  }
  return undefined;
}

export function checkFactsUse(play: PlayDef): void {
  const tasks = playTasks(play);
  if (!play.gatherFacts && !tasks.some((t) => t.module === 'setup')) return;
  let use: FactUse | undefined;
  for (const t of tasks) if ((use = taskFactUse(t))) break;
  use ??= nodeFactUse([...(play.preTasks ?? []), ...play.tasks, ...(play.postTasks ?? [])]);
  const vars = [play.vars, play.varsFiles, play.roleVars, play.roleDefaults, play.environment];
  if (!use) {
    const fact = factIn(vars, false);
    if (fact) use = { fact, pos: play.pos };
  }
  if (!use) return;
  const name = use.fact.replace(/^ansible_facts(?:\.|\[\s*['"])/, '').replace(/^ansible_/, '');
  throw inputError(
    'PLAYBOOK_UNSUPPORTED',
    `'${use.fact}' is a fact ansible.windows' setup gathers (subset '${NOT_GATHERED[name] ?? '?'}') that winbook cannot gather from its host model (play '${play.name}')`,
    use.pos,
    { hint: 'read the value with a task (win_shell or win_reg_stat with register:), or pass it with -e; docs/compatibility.md "Facts" lists the facts winbook gathers' },
  );
}

/** The first problem among the templates inside a value (text templates: strings holding {{, {% or {#). */
function textProblem(v: unknown): ReturnType<typeof staticCheck> {
  if (typeof v === 'string') return holdsTemplate(v) ? staticCheck(v) : undefined;
  const items = Array.isArray(v) ? v : typeof v === 'object' && v !== null ? [...Object.keys(v), ...Object.values(v)] : [];
  for (const x of items) {
    const p = textProblem(x);
    if (p) return p;
  }
  return undefined;
}

/** A condition (`when:`): a bare expression, or a template when it holds one. */
function conditionProblem(conds: string[]): ReturnType<typeof staticCheck> {
  for (const c of conds) {
    const p = holdsTemplate(c) ? staticCheck(c) : staticCheck(c, true);
    if (p) return p;
  }
  return undefined;
}

function refuse(p: NonNullable<ReturnType<typeof staticCheck>>, pos: SourcePos): never {
  throw inputError(p.code, p.message, pos, { hint: p.hint });
}

function checkTaskTemplates(t: TaskDef): void {
  for (const [k, v] of Object.entries(t.args)) {
    const p = textProblem(v);
    if (p) refuse(p, t.argPos[k] ?? t.pos);
  }
  const p =
    conditionProblem([...t.when, ...(t.changedWhen ?? []), ...(t.failedWhen ?? []), ...(t.retry?.until ?? [])]) ??
    textProblem([t.name, t.loop, t.vars, t.environment, t.loopControl?.label]);
  if (p) refuse(p, t.pos);
}

function checkNodeTemplates(nodes: TaskNode[]): void {
  for (const n of nodes) {
    if (n.kind === 'block') checkNodeTemplates([...n.block, ...n.rescue, ...n.always]);
    else if (n.kind === 'include') {
      const p = conditionProblem(n.when) ?? textProblem([n.vars, n.loop]);
      if (p) refuse(p, n.pos);
      checkNodeTemplates(includedNodes(n));
    } else if (n.kind === 'meta') {
      const p = conditionProblem(n.when);
      if (p) refuse(p, n.pos);
    } else checkTaskTemplates(n);
  }
}

export function checkTemplates(play: PlayDef): void {
  checkNodeTemplates([...(play.preTasks ?? []), ...play.tasks, ...(play.postTasks ?? [])]);
  for (const h of play.handlers) checkTaskTemplates(h);
  const p = textProblem([play.vars, play.varsFiles, play.roleVars, play.roleDefaults, play.environment]);
  if (p) refuse(p, play.pos);
}
