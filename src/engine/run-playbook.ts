/** The engine's entry point, wired to the real inventory, templating, modules and agent. */
import type { Inventory } from '../inventory/types.ts';
import type { Playbook } from '../playbook/types.ts';
import { defaultDeps } from './default-deps.ts';
import type { EventBus } from './events.ts';
import type { EngineOptions, RunSummary } from './options.ts';
import { runPlaybookWith } from './playbook-runner.ts';

export function runPlaybook(pb: Playbook, inv: Inventory, opts: EngineOptions, bus: EventBus): Promise<RunSummary> {
  return runPlaybookWith(pb, inv, opts, bus, defaultDeps);
}
