/** The playbook model: what the loader produces from YAML after validation. Values are still untemplated. */
import type { SourcePos } from '../errors.ts';
import type { Vars } from '../inventory/types.ts';

export interface TaskDef {
  /** The task's `name:`, or a generated `module args` label when it has none (as Ansible shows it). */
  name: string;
  /** Canonical short module name from the registry (e.g. `win_service` for `ansible.windows.win_service`). */
  module: string;
  /** The module name as written in the playbook. */
  moduleAs: string;
  /** Arguments, untemplated. Free-form text is kept under `_raw_params`. */
  args: Record<string, unknown>;
  /** Conditions, and-ed; each a bare Jinja2 expression (no braces). */
  when: string[];
  register?: string;
  /** Handler names or listen topics. */
  notify: string[];
  /** A list, or a template string that renders to a list. */
  loop?: unknown;
  changedWhen?: string[];
  failedWhen?: string[];
  ignoreErrors: boolean;
  /** Task-level `vars:`. */
  vars: Vars;
  noLog: boolean;
  /** Where the task starts in its file; argument positions for template errors. */
  pos: SourcePos;
  argPos: Record<string, SourcePos>;
}

export interface HandlerDef extends TaskDef {
  /** Extra topics this handler answers to (`listen:`). */
  listen: string[];
}

export interface PlayDef {
  name: string;
  /** Host pattern, as in `--limit`. */
  hosts: string;
  vars: Vars;
  gatherFacts: boolean;
  tasks: TaskDef[];
  /** In definition order: handlers run in this order, not in notification order. */
  handlers: HandlerDef[];
  pos: SourcePos;
}

export interface Playbook {
  file: string;
  plays: PlayDef[];
}
