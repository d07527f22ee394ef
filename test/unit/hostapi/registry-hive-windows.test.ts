/**
 * The Windows side of Mount-/Dismount-WbRegistryHive (src/hostapi/windows/registry.ps1) in pwsh on this machine:
 * its compiled type (RegLoadKeyW/RegUnLoadKeyW, RtlAdjustPrivilege) must compile; there is no registry here to load
 * into, so what it does is covered on the simulator (test/integration/modules-regedit-hive.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { windowsFacadeRunner } from '../../helpers/windows-facade-ps.ts';

describe('registry.ps1 hive verbs (the Windows side) in pwsh', () => {
  const { run } = windowsFacadeRunner('registry-hive', { files: ['registry.ps1'] });

  it('Winbook.HiveNative compiles with its Load and Unload entry points', async () => {
    expect(await run("Initialize-WbHiveNative; @{ methods = @([Winbook.HiveNative].GetMethods() | Where-Object { $_.IsStatic -and $_.IsPublic } | ForEach-Object { $_.Name } | Sort-Object) }")).toEqual({ methods: ['Load', 'Unload'] });
  });
});
