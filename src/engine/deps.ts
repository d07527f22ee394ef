/**
 * What the engine needs from its neighbours (inventory, templating, modules, agent), as one injectable object:
 * run-playbook.ts wires the real ones, unit tests pass small fakes.
 */
import type { SourcePos } from '../errors.ts';
import type { Inventory, Vars } from '../inventory/types.ts';
import type { ModuleDef, ModuleResult } from '../modules/types.ts';
import type { Transport } from '../transport/types.ts';

export interface TemplateWhere {
  task?: string;
  pos?: SourcePos;
}

/** The persistent remote agent of one host (agent/session.ts). */
export interface AgentLike {
  start(): Promise<void>;
  invoke(def: ModuleDef, args: unknown, opts: { check: boolean; diff: boolean; upload?: Buffer; environment?: Record<string, string> }): Promise<ModuleResult>;
  close(): Promise<void>;
  /** Ctrl-C: stop the running module (ctrl_c, then terminate). Never throws. */
  interrupt?(): Promise<void>;
}

export interface EngineDeps {
  findModule(name: string): ModuleDef | undefined;
  hostVars(inv: Inventory, host: string): Vars;
  selectHosts(inv: Inventory, pattern: string): string[];
  renderValue(v: unknown, vars: Record<string, unknown>, where?: TemplateWhere): unknown;
  evaluateCondition(expr: string | boolean, vars: Record<string, unknown>, where?: TemplateWhere): boolean;
  createAgent(transport: Transport): AgentLike;
}
