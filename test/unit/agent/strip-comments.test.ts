/**
 * blankCommentLines (src/agent/strip-comments.ts) against PowerShell's own tokenizer: for the host façade and every
 * module's script as they travel, the tokens of the blanked text are the tokens of the source with its comments
 * left out — same kinds, same text, same lines — and neither text has a parse error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankCommentLines } from '../../../src/agent/strip-comments.ts';
import { facadeWindows } from '../../../src/hostapi/facade.ts';
import { allModules } from '../../../src/modules/registry.ts';
import { findPowerShellSync } from '../../../src/sim/runner/find-pwsh.ts';

describe('blankCommentLines', () => {
  it('blanks comment lines in code and keeps the line count', () => {
    const src = "# top\nfunction F {\n    # inside\n    'a' # after code\n}\n#Requires -Version 5.1\n";
    expect(blankCommentLines(src)).toBe("\nfunction F {\n\n    'a' # after code\n}\n#Requires -Version 5.1\n");
  });

  it('leaves lines that only look like comments inside strings, here-strings, sub-expressions and block comments', () => {
    const src = [
      "$a = 'one",
      "# in a single-quoted string, it''s kept",
      "'",
      '$b = "x $( "nested ) quote" +',
      '# code in a sub-expression: blanked',
      '  1) y',
      '# in the double-quoted string again',
      '"',
      "$c = @'",
      '# in a here-string',
      "'@",
      '<# block',
      '# in a block comment',
      '#>',
      'Write-Output a#b "c',
      '# string opened after a#b',
      '"',
      '# code again',
      '',
    ].join('\n');
    const out = blankCommentLines(src).split('\n');
    const blanked = src
      .split('\n')
      .map((l, i) => (out[i] === l ? null : l))
      .filter((l) => l !== null);
    expect(blanked).toEqual(['# code in a sub-expression: blanked', '# code again']);
  });

  it('leaves a script with typographic quotes as it is', () => {
    const src = '$a = \u201cx\n# in a typographic string\n\u201d\n';
    expect(blankCommentLines(src)).toBe(src);
  });

  it('keeps a CRLF line ending on a blanked line', () => {
    expect(blankCommentLines('# c\r\n$a = 1\r\n')).toBe('\r\n$a = 1\r\n');
  });
});

describe.skipIf(!findPowerShellSync())('blankCommentLines against PowerShell\'s tokenizer', () => {
  it('gives the façade and every module script the same tokens, comments aside, on the same lines', () => {
    const texts: [string, string][] = [['hostapi façade', facadeWindows()]];
    for (const m of allModules()) if (m.script !== undefined) texts.push([m.name, m.script]);
    const dir = mkdtempSync(join(tmpdir(), 'winbook-strip-comments-'));
    try {
      texts.forEach(([, text], i) => {
        writeFileSync(join(dir, `${i}.src.ps1`), text);
        writeFileSync(join(dir, `${i}.out.ps1`), blankCommentLines(text));
      });
      // One pwsh for all of them: per text, the parse errors of each side and the first token that differs.
      const script = [
        'param($Dir, $Count)',
        'function Tokens($path) {',
        '  $t = $null; $e = $null',
        '  [void][System.Management.Automation.Language.Parser]::ParseInput([IO.File]::ReadAllText($path), [ref]$t, [ref]$e)',
        '  [pscustomobject]@{ Errors = @($e).Count; Tokens = @($t | Where-Object { $_.Kind -ne "Comment" } | ForEach-Object { "$($_.Extent.StartLineNumber) $($_.Kind) $($_.Text)" }) }',
        '}',
        '$out = foreach ($i in 0..($Count - 1)) {',
        '  $a = Tokens (Join-Path $Dir "$i.src.ps1"); $b = Tokens (Join-Path $Dir "$i.out.ps1")',
        '  $diff = $null',
        '  for ($k = 0; $k -lt [Math]::Max($a.Tokens.Count, $b.Tokens.Count); $k++) { if ($a.Tokens[$k] -cne $b.Tokens[$k]) { $diff = "token $k`: [$($a.Tokens[$k])] became [$($b.Tokens[$k])]"; break } }',
        '  [pscustomobject]@{ i = $i; errors = $a.Errors + $b.Errors; tokens = $a.Tokens.Count; diff = $diff }',
        '}',
        'ConvertTo-Json -InputObject @($out) -Compress',
      ].join('\n');
      writeFileSync(join(dir, 'compare.ps1'), script);
      const ps = findPowerShellSync();
      if (!ps) throw new Error('pwsh disappeared');
      const raw = execFileSync(ps.path, ['-NoProfile', '-NonInteractive', '-File', join(dir, 'compare.ps1'), '-Dir', dir, '-Count', String(texts.length)], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const rows = JSON.parse(raw) as { i: number; errors: number; tokens: number; diff: string | null }[];
      expect(rows).toHaveLength(texts.length);
      const bad = rows.filter((r) => r.errors > 0 || r.diff !== null).map((r) => `${texts[r.i]?.[0]}: ${r.errors} parse errors; ${r.diff ?? 'same tokens'}`);
      expect(bad).toEqual([]);
      // The scripts do lose lines to blank: the comparison compared something.
      expect(rows.every((r) => r.tokens > 0)).toBe(true);
      expect(texts.filter(([, t]) => blankCommentLines(t) !== t).length).toBeGreaterThan(texts.length / 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
