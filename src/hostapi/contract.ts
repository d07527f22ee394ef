/**
 * Every façade verb, by PowerShell function name. One file per domain under contract/; this index only merges them,
 * so a verb name is defined once (a duplicate name across domains throws at load).
 */
import type { VerbSpec, VerbTable } from './contract/types.ts';
import { agentVerbs } from './contract/agent.ts';
import { registryVerbs } from './contract/registry.ts';
import { environmentVerbs } from './contract/environment.ts';
import { systemVerbs } from './contract/system.ts';
import { networkVerbs } from './contract/network.ts';
import { filesVerbs } from './contract/files.ts';
import { aclVerbs } from './contract/acl.ts';
import { servicesVerbs } from './contract/services.ts';
import { accountsVerbs } from './contract/accounts.ts';
import { rightsVerbs } from './contract/rights.ts';
import { processesVerbs } from './contract/processes.ts';
import { featuresVerbs } from './contract/features.ts';
import { updatesVerbs } from './contract/updates.ts';
import { uploadVerbs } from './contract/upload.ts';

const TABLES: VerbTable[] = [agentVerbs, registryVerbs, environmentVerbs, systemVerbs, networkVerbs, filesVerbs, aclVerbs, servicesVerbs, accountsVerbs, rightsVerbs, processesVerbs, featuresVerbs, updatesVerbs, uploadVerbs];

function merge(tables: VerbTable[]): ReadonlyMap<string, VerbSpec> {
  const all = new Map<string, VerbSpec>();
  for (const t of tables) {
    for (const [name, spec] of Object.entries(t)) {
      if (all.has(name)) throw new Error(`façade verb ${name} is defined twice`);
      all.set(name, spec);
    }
  }
  return all;
}

export const VERBS: ReadonlyMap<string, VerbSpec> = merge(TABLES);

export type { ParamSpec, ParamType, VerbSpec, VerbTable } from './contract/types.ts';
