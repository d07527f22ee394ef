/**
 * The simulator's façade handlers, by verb name: one table per domain, merged here. The runner dispatches every
 * CALL from a simulated agent's runspace to `callVerb`.
 */
import { VERBS } from '../../hostapi/contract.ts';
import { WindowsError } from '../host/windows-error.ts';
import { accountsVerbs } from './accounts.ts';
import { agentVerbs } from './agent.ts';
import { environmentVerbs } from './environment.ts';
import { networkVerbs } from './network.ts';
import { registryVerbs } from './registry.ts';
import { systemVerbs } from './system.ts';
import { servicesVerbs } from './services.ts';
import { filesVerbs } from './files.ts';
import { aclVerbs } from './acl.ts';
import { rightsVerbs } from './rights.ts';
import { processesVerbs } from './processes.ts';
import { featuresVerbs } from './features.ts';
import { updatesVerbs } from './updates.ts';
import { batchLogonVerbs } from './batch-logon.ts';
import { uploadVerbs } from './upload.ts';
import { userAccountVerbs } from './user-accounts.ts';
import { userServiceVerbs } from './user-services.ts';
import type { SimVerb, SimVerbTable, VerbContext } from './types.ts';

const TABLES: SimVerbTable[] = [agentVerbs, servicesVerbs, registryVerbs, environmentVerbs, systemVerbs, networkVerbs, filesVerbs, aclVerbs, accountsVerbs, rightsVerbs, processesVerbs, featuresVerbs, updatesVerbs, batchLogonVerbs, uploadVerbs];

const HANDLERS = new Map<string, SimVerb>();
for (const t of TABLES) for (const [name, fn] of Object.entries(t)) HANDLERS.set(name, fn);

/**
 * The user layer's verbs (src/sim/runner/user-cmdlets/*.ps1: Get-Service, New-LocalUser… for users' scripts), named
 * `User.*`: sim-only, outside the façade contract, and reached only through the user layer's functions, which an
 * agent's own runspace does not have.
 */
const USER_LAYER = new Map<string, SimVerb>([...Object.entries(userServiceVerbs), ...Object.entries(userAccountVerbs)]);

export function simVerbNames(): string[] {
  return [...HANDLERS.keys()];
}

/** Run one verb against the host model. Throws WindowsError for Windows' refusals. */
export function callVerb(ctx: VerbContext, verb: string, args: Record<string, unknown>): unknown {
  const user = USER_LAYER.get(verb);
  if (user) return user(ctx, args);
  const fn = HANDLERS.get(verb);
  if (!fn || !VERBS.has(verb)) throw new WindowsError(1, `Incorrect function. (the simulator has no façade verb '${verb}')`);
  return fn(ctx, args);
}

export type { VerbContext } from './types.ts';
