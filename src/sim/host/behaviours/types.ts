/** The shape of a module behaviour: what the simulated agent runs instead of a module's PowerShell script. */
import type { ModuleResult } from '../../../modules/types.ts';
import type { RehearsalLog } from '../rehearsal-log.ts';
import type { HostState } from '../state.ts';

export interface BehaviourContext {
  check: boolean;
  diff: boolean;
  /** The account the agent runs as, recorded with every change. */
  account: string;
  log: RehearsalLog;
  /** The task's `environment:`, set in the agent's process for this module's run only. */
  environment?: Record<string, string>;
}

/** Arguments arrive as JSON the controller has already validated against the module's schema. */
export type Behaviour = (state: HostState, args: Record<string, unknown>, ctx: BehaviourContext) => ModuleResult;

/** A module failure, as a script's `$module.FailJson(msg)` produces it. */
export class ModuleFailure extends Error {
  constructor(
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ModuleFailure';
  }
}
