import { describe, expect, it } from 'vitest';
import { BOOTSTRAP, BOOTSTRAP_SOURCE, MAX_COMMAND_LINE, minifyPowerShell } from '../../../src/agent/bootstrap.ts';
import { READY_LINE, agentCommandLine, beginMarker, endMarker } from '../../../src/agent/protocol.ts';

describe('bootstrap', () => {
  it('fits in one cmd.exe command line once encoded', () => {
    expect(agentCommandLine(BOOTSTRAP).length).toBeLessThan(MAX_COMMAND_LINE);
    expect(MAX_COMMAND_LINE).toBe(8191);
  });

  it('keeps the first line the simulator recognises', () => {
    expect(BOOTSTRAP.split('\n')[0]).toBe('# winbook-agent-bootstrap v1');
    expect(BOOTSTRAP_SOURCE.split(/\r?\n/)[0]).toBe('# winbook-agent-bootstrap v1');
  });

  it('strips every other comment line and the indentation', () => {
    const lines = BOOTSTRAP.trimEnd().split('\n').slice(1);
    expect(lines.some((l) => l.startsWith('#') || l.startsWith(' ') || l === '')).toBe(false);
    expect(minifyPowerShell('# head\n  # c\n\n  $a = 1\n')).toBe('# head\n$a = 1\n');
  });

  it('speaks the protocol of agent/protocol.ts', () => {
    expect(BOOTSTRAP).toContain(`'${READY_LINE}'`);
    // The markers are built with the id interpolated; check their fixed parts match protocol.ts.
    expect(beginMarker('$id')).toBe('<<WINBOOK-BEGIN $id>>');
    expect(endMarker('$id')).toBe('<<WINBOOK-END $id>>');
    expect(BOOTSTRAP).toContain('<<WINBOOK-BEGIN $id>>`r`n$j`r`n<<WINBOOK-END $id>>`r`n');
  });

  it('does what a real host needs', () => {
    for (const needed of [
      // The console's streams by default; the simulator binds its pipes to the same parameters.
      'param($In = [Console]::In, $Out = [Console]::Out, $Err = [Console]::Error)',
      '$In.ReadLine()',
      '[Console]::OutputEncoding = $utf8',
      'New-Object System.Text.UTF8Encoding $false',
      "$ErrorActionPreference = 'Stop'",
      '$Out.Flush()',
      // The host façade arrives with the first request and is dot-sourced where every module sees it.
      '. ([scriptblock]::Create($global:WinbookFacade))',
      // Constrained Language Mode is named, not left to fail on the first .NET call.
      "if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage')",
      '[scriptblock]::Create(',
      '& $sb $req.args $req.check $req.diff',
      'ConvertTo-Json -InputObject $r -Depth 10 -Compress',
      "is not recognized as the name of a cmdlet",
    ]) {
      expect(BOOTSTRAP).toContain(needed);
    }
  });

  it('uses no PowerShell 7-only syntax', () => {
    expect(BOOTSTRAP).not.toMatch(/\?\?|&&|\|\||\?\s*\$|\?\./);
  });
});
