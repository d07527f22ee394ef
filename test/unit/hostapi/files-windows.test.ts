/**
 * The Windows side of the files verbs (src/hostapi/windows/files.ps1) run in pwsh on this machine, with
 * Resolve-WbPath passed through so Linux paths reach [IO.File]/[IO.Directory]. It proves the PowerShell itself
 * (binding, StrictMode, results as plain values, Win32 codes the verbs raise themselves), not Windows' behaviour:
 * HRESULTs and ACLs differ off Windows, so those stay for the first-real-host smoke playbook.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { windowsFacadeRunner } from '../../helpers/windows-facade-ps.ts';

const runner: ReturnType<typeof windowsFacadeRunner> = windowsFacadeRunner('files', {
  files: ['files.ps1', 'agent.ps1', 'upload.ps1'],
  // On a real host Resolve-WbPath normalises Windows paths; here a path is itself. Staged uploads land in TEMP.
  after: 'function Resolve-WbPath { param([string]$Path) $Path }',
});
const dir = runner.dir;
const run = <T = Record<string, unknown>>(body: string) => runner.run<T>(`$env:TEMP = '${dir}'\n${body}`);

describe('files.ps1 (the Windows side) in pwsh', () => {
  it('creates, writes (no change for the same bytes), reads, hashes and describes an item in plain values', async () => {
    const d = join(dir, 'a', 'b');
    const r = (await run(`
      $data = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('hello'))
      @{
        mkdir = @((New-WbDirectory -Path '${d}'), (New-WbDirectory -Path '${d}'))
        write = @((Write-WbFile -Path '${d}/x.txt' -Data $data), (Write-WbFile -Path '${d}/x.txt' -Data $data))
        read = Read-WbFile -Path '${d}/x.txt'
        hash = Get-WbFileHash -Path '${d}/x.txt' -Algorithm SHA256
        item = Get-WbItem -Path '${d}/x.txt'
        absent = $null -eq (Get-WbItem -Path '${d}/none')
        cap = $(try { Read-WbFile -Path '${d}/x.txt' -MaxBytes 2 } catch { Code $_ })
        noParent = $(try { Write-WbFile -Path '${dir}/nope/x' -Data $data } catch { Code $_ })
        missing = $(try { Get-WbFileHash -Path '${d}/none' -Algorithm sha1 } catch { Code $_ })
        badAlg = $(try { Get-WbFileHash -Path '${d}/x.txt' -Algorithm crc32 } catch { Code $_ })
      }`)) as Record<string, unknown>;
    expect(r).toMatchObject({
      mkdir: [true, false], write: [true, false], read: 'aGVsbG8=', absent: true, cap: 223, noParent: 3, missing: 2, badAlg: 87,
      hash: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      item: { Path: join(d, 'x.txt'), Name: 'x.txt', Type: 'file', Size: 5, Extension: '.txt', IsReadOnly: false, IsReparsePoint: false },
    });
    expect(JSON.stringify(r.item)).not.toMatch(/PSPath|PSProvider/);
  });

  it('copies (80 without -Overwrite), sets times, lists, stages and moves uploads, removes trees', async () => {
    const d = join(dir, 'c');
    const part = join(dir, 'winbook-upload-0123456789abcdef.part');
    const r = (await run(`
      [void](New-WbDirectory -Path '${d}/sub')
      [void](Write-WbFile -Path '${d}/x.txt' -Data 'aGVsbG8=')
      Copy-WbFile -Source '${d}/x.txt' -Destination '${d}/sub/y.txt'
      $again = $(try { Copy-WbFile -Source '${d}/x.txt' -Destination '${d}/sub/y.txt' } catch { Code $_ })
      Set-WbFileTime -Path '${d}/x.txt' -LastWriteTime 1700000000
      Add-WbStagedChunk -Key '0123456789abcdef' -Data 'aGVs'
      Add-WbStagedChunk -Key '0123456789abcdef' -Data 'bG8='
      $staged = Get-WbStagedFile -Key '0123456789abcdef'
      $bad = $(try { Move-WbStagedFile -Key '0123456789abcdef' -Destination '${d}/z.txt' -Sha256 ('0' * 64) } catch { Code $_ })
      $gone = $null -eq (Get-WbStagedFile -Key '0123456789abcdef')
      Add-WbStagedChunk -Key '0123456789abcdef' -Data 'aGVsbG8='
      $moved = Move-WbStagedFile -Key '0123456789abcdef' -Destination '${d}/z.txt' -Sha256 $staged.Sha256
      @{
        again = $again; bad = $bad; gone = $gone; moved = $moved; staged = $staged
        mtime = (Get-WbItem -Path '${d}/x.txt').LastWriteTime
        names = @(Get-WbChildItem -Path '${d}' -Recurse | ForEach-Object { $_.Name })
        top = @(Get-WbChildItem -Path '${d}').Count
        remove = @((Remove-WbItem -Path '${d}'), (Remove-WbItem -Path '${d}'))
      }`)) as Record<string, unknown>;
    expect(r).toMatchObject({
      again: 80, bad: 13, gone: true, moved: true, mtime: 1_700_000_000, top: 3, remove: [true, false],
      staged: { Path: part, Size: 5, Sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' },
    });
    expect(r.names).toEqual(['sub', 'y.txt', 'x.txt', 'z.txt']);
  });
});
