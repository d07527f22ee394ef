/**
 * Windows Server features on the host model, as ServerManager's Get-/Install-/Uninstall-WindowsFeature behave
 * (contract/features.ts). What a feature needs comes from feature-catalog.ts; what changed is stored in
 * HostState.features (absent: a fresh server). A change that needs a restart is pending until the next boot: the
 * feature reads InstallPending / UninstallPending while the host's boot count is the one it was changed in
 * (host/reboot.ts moves it on), and counts as done for the next install or removal, as ServerManager counts it.
 * Such a change also creates Component Based Servicing's RebootPending key, which the next boot removes
 * (clearRebootPending): what ansible_reboot_pending and other pending-reboot checks read.
 */
import { isAdmin, qualify } from '../host/accounts.ts';
import { createKey, openKey, regPath } from '../host/registry-hive.ts';
import type { Actor } from '../host/services.ts';
import type { HostState } from '../host/state.ts';
import { WindowsError } from '../host/windows-error.ts';
import { FEATURES, type FeatureDef, depthOf, featureDef, subFeaturesOf } from './feature-catalog.ts';
import { type SimVerbTable, type VerbContext, bool, str, strList } from './types.ts';

/** What a feature's install state is after the changes made to it (stored per name, absent when never changed). */
export interface FeatureChange {
  state: 'Installed' | 'Available';
  /** The boot count the change was made in, when it needs a restart to finish. */
  pending_boot?: number;
}

export type InstallState = 'Available' | 'Installed' | 'InstallPending' | 'UninstallPending' | 'Removed';

/** Install-WindowsFeature's text for a name it does not know (Microsoft.Windows.ServerManager.Commands). */
export const notValidName = (name: string): string => `ArgumentNotValid: The role, role service, or feature name is not valid: '${name}'. The name was not found.`;

/** CBS_E_SOURCE_MISSING (0x800f081f) as Install-WindowsFeature words it when a removed payload has no Source. */
export const SOURCE_MISSING = -2146498529;
const SOURCE_MISSING_TEXT =
  'Installation of one or more roles, role services, or features failed.\r\nThe source files could not be found. \r\n' +
  'Use the "Source" option to specify the location of the files that are required to install the role, role service, or feature. ' +
  'For more information on specifying a source location, see http://go.microsoft.com/fwlink/?LinkId=243077. Error: 0x800f081f';

export function installStateOf(state: HostState, def: FeatureDef): InstallState {
  const change = state.features?.[def.name];
  if (!change) return def.initial ?? 'Available';
  const pending = change.pending_boot !== undefined && change.pending_boot === (state.boots ?? 0);
  if (change.state === 'Installed') return pending ? 'InstallPending' : 'Installed';
  return pending ? 'UninstallPending' : 'Available';
}

/** Installed or on its way in: what ServerManager skips installing and will remove. */
function isIn(state: HostState, def: FeatureDef): boolean {
  const s = installStateOf(state, def);
  return s === 'Installed' || s === 'InstallPending';
}

/** Whether a feature change made since the last boot still waits for a restart (CBS RebootPending). */
export function featureRestartPending(state: HostState): boolean {
  return FEATURES.some((f) => {
    const s = installStateOf(state, f);
    return s === 'InstallPending' || s === 'UninstallPending';
  });
}

function resolve(names: string[]): FeatureDef[] {
  return names.map((n) => {
    const def = featureDef(n);
    if (!def) throw new WindowsError(87, notValidName(n));
    return def;
  });
}

function ancestors(def: FeatureDef): FeatureDef[] {
  const out: FeatureDef[] = [];
  for (let p = def.parent ? featureDef(def.parent) : undefined; p; p = p.parent ? featureDef(p.parent) : undefined) out.push(p);
  return out;
}

function descendants(def: FeatureDef, only?: (d: FeatureDef) => boolean): FeatureDef[] {
  return subFeaturesOf(def.name).filter((d) => !only || only(d)).flatMap((d) => [d, ...descendants(d, only)]);
}

/** Catalogue (tree) order, the order ServerManager reports results in. */
function ordered(set: Set<FeatureDef>): FeatureDef[] {
  return FEATURES.filter((f) => set.has(f));
}

function checkAdmin(ctx: VerbContext): void {
  // ServerManager's deployment needs an elevated administrator.
  if (!isAdmin(ctx.state, qualify(ctx.state, ctx.account))) throw new WindowsError(5, 'Access is denied.');
}

interface Operation {
  Success: boolean;
  RestartNeeded: 'No' | 'Yes' | 'Maybe';
  ExitCode: 'Success' | 'SuccessRestartRequired' | 'NoChangeNeeded';
  FeatureResult: Array<{ Id: number; Name: string; DisplayName: string; Message: unknown[]; RestartNeeded: boolean; SkipReason: string; Success: boolean }>;
}

function operation(changed: FeatureDef[], restarts: (f: FeatureDef) => boolean, whatIf: boolean): Operation {
  const restart = !whatIf && changed.some(restarts);
  return {
    Success: true,
    RestartNeeded: changed.length === 0 ? 'No' : whatIf ? 'Maybe' : restart ? 'Yes' : 'No',
    ExitCode: changed.length === 0 ? 'NoChangeNeeded' : restart ? 'SuccessRestartRequired' : 'Success',
    FeatureResult: changed.map((f) => ({
      Id: f.id, Name: f.name, DisplayName: f.displayName, Message: [], RestartNeeded: !whatIf && restarts(f), SkipReason: 'NotSkipped', Success: true,
    })),
  };
}

const CBS_REBOOT_PENDING = 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending';

/** At boot, CBS finishes what waited for the restart and removes its RebootPending key. */
export function clearRebootPending(state: HostState, actor: Actor): void {
  const p = regPath(state, CBS_REBOOT_PENDING, actor.account);
  if (!p) return;
  const parent = openKey(state, { hive: p.hive, parts: p.parts.slice(0, -1) }, actor.account);
  if (!parent?.keys.rebootpending) return;
  delete parent.keys.rebootpending;
  actor.log.append({ host: state.hostname, account: actor.account, what: 'registry.key.delete', target: CBS_REBOOT_PENDING });
}

function record(ctx: VerbContext, defs: FeatureDef[], to: FeatureChange['state'], restarts: (f: FeatureDef) => boolean): void {
  if (defs.some(restarts)) createKey(ctx.state, regPath(ctx.state, CBS_REBOOT_PENDING, ctx.account)!, { account: ctx.account, log: ctx.log });
  const store = (ctx.state.features ??= {});
  for (const f of defs) {
    store[f.name] = { state: to, ...(restarts(f) ? { pending_boot: ctx.state.boots ?? 0 } : {}) };
  }
  ctx.log.append({
    host: ctx.state.hostname, account: ctx.account, what: to === 'Installed' ? 'feature.install' : 'feature.uninstall',
    target: defs.map((f) => f.name).join(','), detail: { features: defs.map((f) => f.name), restart_needed: defs.some(restarts) },
  });
}

/** What Install-WindowsFeature would add for these names: parents, defaults or all sub-features, tools, requirements. */
export function installSet(state: HostState, named: FeatureDef[], opts: { all: boolean; tools: boolean }): FeatureDef[] {
  const set = new Set<FeatureDef>();
  const add = (f: FeatureDef, subs: 'all' | 'default' | 'none'): void => {
    if (set.has(f)) return;
    set.add(f);
    for (const a of ancestors(f)) add(a, 'none');
    for (const r of f.requires ?? []) add(featureDef(r)!, 'default');
    // A role installs its default role services only when it is itself new, so a reinstall adds nothing.
    const subsToAdd = subs === 'all' ? descendants(f) : subs === 'default' && !isIn(state, f) ? descendants(f, (d) => d.default === true) : [];
    for (const d of subsToAdd) add(d, 'none');
  };
  for (const f of named) {
    add(f, opts.all ? 'all' : 'default');
    if (opts.tools) for (const t of f.tools ?? []) add(featureDef(t)!, 'default');
  }
  return ordered(new Set([...set].filter((f) => !isIn(state, f))));
}

/** What Uninstall-WindowsFeature would remove: the features, their sub-features, tools, and what requires them. */
export function uninstallSet(state: HostState, named: FeatureDef[], opts: { tools: boolean }): FeatureDef[] {
  const set = new Set<FeatureDef>();
  const add = (f: FeatureDef): void => {
    if (set.has(f)) return;
    set.add(f);
    for (const d of descendants(f)) add(d);
    for (const dep of FEATURES.filter((x) => x.requires?.includes(f.name))) add(dep);
  };
  for (const f of named) {
    add(f);
    if (opts.tools) for (const t of f.tools ?? []) add(featureDef(t)!);
  }
  return ordered(new Set([...set].filter((f) => isIn(state, f))));
}

export const featuresVerbs: SimVerbTable = {
  'Get-WbWindowsFeature': (ctx, args) => {
    const names = strList(args, 'Name');
    const defs = names ? FEATURES.filter((f) => names.some((n) => n.toLowerCase() === f.name.toLowerCase())) : FEATURES;
    return defs.map((f) => ({
      Name: f.name, DisplayName: f.displayName, FeatureType: f.type, InstallState: installStateOf(ctx.state, f),
      Parent: f.parent ?? null, SubFeatures: subFeaturesOf(f.name).map((s) => s.name), Depth: depthOf(f),
    }));
  },
  'Install-WbWindowsFeature': (ctx, args) => {
    const named = resolve(strList(args, 'Name') ?? []);
    checkAdmin(ctx);
    const adds = installSet(ctx.state, named, { all: bool(args, 'IncludeAllSubFeature') === true, tools: bool(args, 'IncludeManagementTools') === true });
    const whatIf = bool(args, 'WhatIf') === true;
    const restarts = (f: FeatureDef): boolean => f.restartOn?.includes('install') === true;
    // The payload of a Removed feature comes from Source (a folder the module has checked exists; its content is not modelled).
    if (!whatIf && !str(args, 'Source') && adds.some((f) => installStateOf(ctx.state, f) === 'Removed')) throw new WindowsError(SOURCE_MISSING, SOURCE_MISSING_TEXT);
    if (!whatIf && adds.length) record(ctx, adds, 'Installed', restarts);
    return operation(adds, restarts, whatIf);
  },
  'Uninstall-WbWindowsFeature': (ctx, args) => {
    const named = resolve(strList(args, 'Name') ?? []);
    checkAdmin(ctx);
    const removes = uninstallSet(ctx.state, named, { tools: bool(args, 'IncludeManagementTools') === true });
    const whatIf = bool(args, 'WhatIf') === true;
    const restarts = (f: FeatureDef): boolean => f.restartOn?.includes('remove') === true;
    if (!whatIf && removes.length) record(ctx, removes, 'Available', restarts);
    return operation(removes, restarts, whatIf);
  },
};
