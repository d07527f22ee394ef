/**
 * `become`, `become_user`, `become_method`, `become_flags` on a play, role entry, block, include or task: read here,
 * inherited as Ansible's parent chain does (the innermost value of each keyword wins), and decided per host when
 * the task runs (src/engine/become.ts), since `ansible_user` and the `ansible_become*` variables come from the
 * inventory. What can be decided from the playbook alone is refused here, before any host is touched: runas (running
 * a module as another Windows user has a meaning winbook cannot give it yet) and become plugins other than sudo, su
 * and runas.
 */
import type { Node, Pair } from 'yaml';
import type { ModuleDef } from '../modules/types.ts';
import type { BecomeDef, TaskDef } from './types.ts';
import { inputError, nodePos, resolved, type SourceText } from './yaml-pos.ts';

export const BECOME_KEYWORDS = ['become', 'become_user', 'become_method', 'become_flags'] as const;
const FIELD: Record<(typeof BECOME_KEYWORDS)[number], 'become' | 'user' | 'method' | 'flags'> = {
  become: 'become', become_user: 'user', become_method: 'method', become_flags: 'flags',
};
/** Methods whose effect on a Windows host is known (ansible-core 2.14's plugins/become); others are refused. */
const KNOWN_METHODS = ['sudo', 'su', 'runas'];

/** The become keywords of one mapping (values as written), or undefined when it has none. */
export function becomeOf(src: SourceText, get: (k: string) => { pair: Pair; value: unknown } | undefined): BecomeDef | undefined {
  let out: BecomeDef | undefined;
  for (const k of BECOME_KEYWORDS) {
    const e = get(k);
    if (!e) continue;
    out ??= { pos: nodePos(src, e.pair.key as Node) };
    out[FIELD[k]] = e.value;
    if (k === 'become_method') out.methodPos = nodePos(src, resolved(src, e.pair.value) ?? (e.pair.key as Node));
  }
  return out;
}

/** Outer keywords under inner ones, each keyword on its own (a task's become_user keeps the play's become). */
export function mergeBecome(outer: BecomeDef | undefined, inner: BecomeDef | undefined): BecomeDef | undefined {
  if (!outer) return inner;
  if (!inner) return outer;
  const out: BecomeDef = { ...outer };
  for (const [k, v] of Object.entries(inner)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

/** The method's plugin name: `ansible.builtin.runas` is `runas`. */
export function methodName(v: unknown): string {
  return String(v).replace(/^ansible\.builtin\./, '').trim();
}

/** Refuses at load what the playbook alone shows winbook cannot do. */
export function checkBecome(task: TaskDef, def: ModuleDef | undefined): void {
  const b = task.become;
  if (!b || b.method === undefined || /\{[{%]/.test(String(b.method))) return;
  const method = methodName(b.method);
  const at = b.methodPos ?? b.pos;
  if (!KNOWN_METHODS.includes(method)) {
    throw inputError('PLAYBOOK_UNSUPPORTED', `become_method '${method}' is not supported`, at, {
      hint: 'on Windows hosts Ansible runs modules as another user with runas only; remove become_method or use runas',
    });
  }
  const on = b.become === true || (typeof b.become === 'string' && ['yes', 'true', 'on', 'y', '1'].includes(b.become.trim().toLowerCase()));
  if (method === 'runas' && on && def && def.kind !== 'controller') {
    throw inputError('PLAYBOOK_UNSUPPORTED', `become_method: runas is not supported yet (task '${task.name}' runs ${def.name} on the host)`, at, {
      hint: 'runas runs the module as become_user with an interactive logon; winbook runs every module as the user it connects as: connect as that user (ansible_user) or remove become',
    });
  }
}
