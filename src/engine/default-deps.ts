/** The real neighbours of the engine. Kept apart so unit tests can run the engine without them. */
import { AgentSession } from '../agent/session.ts';
import { hostVars, selectHosts } from '../inventory/index.ts';
import { findModule } from '../modules/registry.ts';
import { evaluateCondition, renderValue } from '../template/index.ts';
import type { EngineDeps } from './deps.ts';

export const defaultDeps: EngineDeps = {
  findModule,
  hostVars,
  selectHosts,
  renderValue,
  evaluateCondition,
  createAgent: (transport) => new AgentSession(transport),
};
