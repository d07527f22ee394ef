/**
 * All modules winbook knows, by short name and by alias (FQCN). The playbook loader resolves names here (with a
 * did-you-mean for unknown ones), the engine takes definitions from here, `winbook doc` lists them.
 */
import { assert } from './assert/index.ts';
import { asyncStatus } from './async_status/index.ts';
import { debug } from './debug/index.ts';
import { fail } from './fail/index.ts';
import { pause } from './pause/index.ts';
import { raw } from './raw/index.ts';
import { setFact } from './set_fact/index.ts';
import { includeVars } from './include_vars/index.ts';
import type { ModuleDef } from './types.ts';
import { winPing } from './win_ping/index.ts';
import { winService } from './win_service/index.ts';
import { winAcl } from './win_acl/index.ts';
import { winAclInheritance } from './win_acl_inheritance/index.ts';
import { winCommand } from './win_command/index.ts';
import { winCopy } from './win_copy/index.ts';
import { winFile } from './win_file/index.ts';
import { winShell } from './win_shell/index.ts';
import { winStat } from './win_stat/index.ts';
import { winTemplate } from './win_template/index.ts';
import { winServiceInfo } from './win_service_info/index.ts';
import { winUser } from './win_user/index.ts';
import { winGroup } from './win_group/index.ts';
import { winGroupMembership } from './win_group_membership/index.ts';
import { winUserRight } from './win_user_right/index.ts';
import { winWaitFor } from './win_wait_for/index.ts';
import { winUri } from './win_uri/index.ts';
import { winGetUrl } from './win_get_url/index.ts';
import { script } from './script/index.ts';
import { winEnvironment } from './win_environment/index.ts';
import { winRegedit } from './win_regedit/index.ts';
import { winReboot } from './win_reboot/index.ts';
import { winTempfile } from './win_tempfile/index.ts';
import { winRegStat } from './win_reg_stat/index.ts';
import { slurp } from './slurp/index.ts';
import { winFind } from './win_find/index.ts';
import { winPowershell } from './win_powershell/index.ts';
import { winPath } from './win_path/index.ts';
import { setup } from './setup/index.ts';
import { winDnsClient } from './win_dns_client/index.ts';
import { winHosts } from './win_hosts/index.ts';
import { winFeature } from './win_feature/index.ts';
import { winUpdates } from './win_updates/index.ts';
import { qlikBootstrap } from './qlik_bootstrap/index.ts';
import { qlikDataConnection } from './qlik_data_connection/index.ts';
import { qlikNode } from './qlik_node/index.ts';
import { qlikServiceAccount } from './qlik_service_account/index.ts';
import { qlikServices } from './qlik_services/index.ts';

// Each module registers itself here; the list is the single source of truth (see docs/modules/).
const MODULES: ModuleDef[] = [
  raw,
  winPing,
  winService,
  winFile,
  winStat,
  winCopy,
  winTemplate,
  winAcl,
  winAclInheritance,
  winCommand,
  winShell,
  winServiceInfo,
  winUser,
  winGroup,
  winGroupMembership,
  winUserRight,
  winWaitFor,
  winUri,
  winGetUrl,
  script,
  winEnvironment,
  winRegedit,
  winReboot,
  winTempfile,
  winRegStat,
  slurp,
  winFind,
  winPowershell,
  winPath,
  setup,
  winDnsClient,
  winHosts,
  winFeature,
  winUpdates,
  qlikServices,
  qlikBootstrap,
  qlikServiceAccount,
  qlikDataConnection,
  qlikNode,
  debug,
  setFact,
  includeVars,
  assert,
  fail,
  pause,
  asyncStatus,
];

const byName = new Map<string, ModuleDef>();
for (const m of MODULES) {
  byName.set(m.name, m);
  for (const a of m.aliases) byName.set(a, m);
}

/** The module for a short or fully-qualified name, or undefined. */
export function findModule(name: string): ModuleDef | undefined {
  return byName.get(name);
}

/** Every accepted name (short names and aliases), for did-you-mean hints. */
export function moduleNames(): string[] {
  return [...byName.keys()];
}

/** One definition per module, in registration order. */
export function allModules(): ModuleDef[] {
  return [...MODULES];
}
