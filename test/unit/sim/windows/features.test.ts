/**
 * The features and updates verbs' simulator handlers, called directly on a default host (contract/features.ts,
 * updates.ts): Get-WindowsFeature's view of a fresh server, what a non-administrator gets, and the search's view of
 * the host's update list.
 */
import { describe, expect, it } from 'vitest';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { defaultHostState } from '../../../../src/sim/host/state.ts';
import { WindowsError } from '../../../../src/sim/host/windows-error.ts';
import { FEATURES, featureDef } from '../../../../src/sim/windows/feature-catalog.ts';
import { callVerb, type VerbContext } from '../../../../src/sim/windows/index.ts';

function host(account = 'WIN01\\Administrator', osVersion?: string): VerbContext {
  return { state: defaultHostState('WIN01', osVersion ? { osVersion } : {}), log: new RehearsalLog(), account };
}

describe('features verbs (simulator)', () => {
  it("Get-WbWindowsFeature: a fresh server's states, the tree, and names matched case-insensitively (unknown ones left out)", () => {
    const ctx = host();
    const all = callVerb(ctx, 'Get-WbWindowsFeature', {}) as Array<Record<string, unknown>>;
    expect(all).toHaveLength(FEATURES.length);
    const pick = callVerb(ctx, 'Get-WbWindowsFeature', { Name: ['net-framework-core', 'Web-Default-Doc', 'PowerShell', 'Microsoft-Bob'] });
    expect(pick).toEqual([
      { Name: 'Web-Default-Doc', DisplayName: 'Default Document', FeatureType: 'Role Service', InstallState: 'Available', Parent: 'Web-Common-Http', SubFeatures: [], Depth: 4 },
      { Name: 'NET-Framework-Core', DisplayName: '.NET Framework 3.5 (includes .NET 2.0 and 3.0)', FeatureType: 'Feature', InstallState: 'Removed', Parent: 'NET-Framework-Features', SubFeatures: [], Depth: 2 },
      { Name: 'PowerShell', DisplayName: 'Windows PowerShell 5.1', FeatureType: 'Feature', InstallState: 'Installed', Parent: 'PowerShellRoot', SubFeatures: [], Depth: 2 },
    ]);
    expect(ctx.log.entries()).toEqual([]);
  });

  it('every parent, requirement and management tool in the catalogue is a feature of the catalogue', () => {
    for (const f of FEATURES) {
      for (const n of [f.parent, ...(f.requires ?? []), ...(f.tools ?? [])].filter((x) => x !== undefined)) expect(featureDef(n), `${f.name} → ${n}`).toBeDefined();
    }
    expect(new Set(FEATURES.map((f) => f.id)).size).toBe(FEATURES.length);
  });

  it('a non-administrator may not install or remove features (5), and a name is checked before that (87)', () => {
    const ctx = host('WIN01\\Guest');
    const err = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return e instanceof WindowsError ? `${e.code}: ${e.message}` : String(e);
      }
      return 'no error';
    };
    expect(err(() => callVerb(ctx, 'Install-WbWindowsFeature', { Name: ['Telnet-Client'] }))).toBe('5: Access is denied.');
    expect(err(() => callVerb(ctx, 'Uninstall-WbWindowsFeature', { Name: ['Telnet-Client'] }))).toBe('5: Access is denied.');
    expect(err(() => callVerb(ctx, 'Install-WbWindowsFeature', { Name: ['Nope'] }))).toBe("87: ArgumentNotValid: The role, role service, or feature name is not valid: 'Nope'. The name was not found.");
  });
});

describe('updates verb (simulator)', () => {
  it("Find-WbWindowsUpdate: what is not installed, hidden ones included, titled for the host's build; nothing changes", () => {
    const ctx = host();
    const r = callVerb(ctx, 'Find-WbWindowsUpdate', { ServerSelection: 0 }) as { RebootRequired: boolean; Updates: Array<{ Title: string; KB: string[]; IsHidden: boolean }> };
    expect(r.RebootRequired).toBe(false);
    expect(r.Updates).toHaveLength(7);
    expect(r.Updates.some((u) => u.IsHidden)).toBe(true);
    expect(r.Updates.map((u) => u.KB)).toContainEqual(['890830']);
    expect(r.Updates.some((u) => u.Title.includes('KB5033371'))).toBe(false);
    expect(ctx.state.windows_update).toBeUndefined();
    const r2022 = callVerb(host('WIN01\\Administrator', '10.0.20348.2227'), 'Find-WbWindowsUpdate', { ServerSelection: 2 }) as { Updates: Array<{ Title: string }> };
    expect(r2022.Updates[0]?.Title).toBe('2024-01 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5034129)');
  });
});
