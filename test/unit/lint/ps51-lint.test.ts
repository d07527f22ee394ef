// ps51-lint (tools/ps51-lint, docs/ps51-lint.md): each rule is proven by a seeded bad script, whose findings must be
// exactly the lines marked `# expect: <rule>`, and a good script with none; then every .ps1 under src/ is linted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIRECTIVE_RULE, formatFinding, lintPowerShell, RULES } from '../../../tools/ps51-lint/index.ts';

const FIXTURES = 'test/fixtures/ps51-lint';

function ps1Files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return ps1Files(p);
    return e.name.endsWith('.ps1') ? [p] : [];
  });
}

function lint(file: string) {
  return lintPowerShell(readFileSync(file, 'utf8'), file);
}

/** `rule@line` for every line marked `# expect: <rule>`. */
function expected(file: string): string[] {
  return readFileSync(file, 'utf8').split(/\r?\n/).flatMap((l, i) => {
    const m = /# expect: ([\w-]+)\s*$/.exec(l);
    return m ? [`${m[1]}@${i + 1}`] : [];
  });
}

describe('ps51-lint rules: seeded bad scripts fail, good scripts pass', () => {
  it('has the nine rules, each with a fixture directory', () => {
    expect(RULES.map((r) => r.id)).toEqual([
      'unrolled-array-return', 'new-item-force-registry', 'band-comparison-precedence', 'start-process-exitcode',
      'provider-string-into-result', 'native-stderr-redirect-with-stop', 'secret-on-native-command-line',
      'shallow-inner-exception', 'ps7-only-syntax',
    ]);
    for (const r of RULES) expect(readdirSync(join(FIXTURES, r.id)).sort()).toEqual(['bad.ps1', 'good.ps1']);
  });

  describe.each(RULES.map((r) => r.id))('%s', (rule) => {
    it('reports every seeded defect of bad.ps1, on its line, and nothing of this rule elsewhere', () => {
      const file = join(FIXTURES, rule, 'bad.ps1');
      const want = expected(file);
      expect(want.length).toBeGreaterThan(0);
      const got = [...new Set(lint(file).filter((f) => f.rule === rule).map((f) => `${f.rule}@${f.line}`))];
      expect(got).toEqual(want);
    });

    it('good.ps1 has no findings at all', () => {
      expect(lint(join(FIXTURES, rule, 'good.ps1')).map(formatFinding)).toEqual([]);
    });

    it('each finding carries file, line, column, rule and a message with the 5.1 behaviour and the fix', () => {
      const file = join(FIXTURES, rule, 'bad.ps1');
      for (const f of lint(file).filter((x) => x.rule === rule)) {
        expect(f.file).toBe(file);
        expect(f.column).toBeGreaterThan(0);
        expect(f.message.length).toBeGreaterThan(60);
        expect(f.message).toMatch(/5\.1|unroll/);
      }
    });
  });

  it('points at the operator, not the whitespace before it', () => {
    const [f] = lintPowerShell("$n = $given ?? 'x'\n", 'x.ps1');
    expect(f).toMatchObject({ rule: 'ps7-only-syntax', line: 1, column: 13 });
  });

  it('Get-ModuleArg returning $prop.Value: the real defect (services: [] became $null), and its fix', () => {
    const bad = 'function Get-ModuleArg {\n    param([string]$Name)\n    $prop = $ModuleArgs.PSObject.Properties[$Name]\n    return $prop.Value\n}\n';
    expect(lintPowerShell(bad, 'm.ps1')).toMatchObject([{ rule: 'unrolled-array-return', line: 4, column: 5 }]);
    expect(lintPowerShell(bad.replace('return $prop.Value', 'return ,$prop.Value'), 'm.ps1')).toEqual([]);
  });

  it('module scripts (src/modules/**) run under the agent\'s $ErrorActionPreference = Stop', () => {
    const src = '$out = & shutdown.exe /a 2>&1\n';
    expect(lintPowerShell(src, 'scripts/x.ps1')).toEqual([]);
    expect(lintPowerShell(src, 'src/modules/win_reboot/win_reboot.ps1').map((f) => f.rule)).toEqual(['native-stderr-redirect-with-stop']);
    expect(lintPowerShell(src, 'x.ps1', { assumeErrorActionStop: true })).toHaveLength(1);
  });
});

describe('ps51-lint suppression comments', () => {
  it('`# ps51-lint-disable-next-line <rule>[, <rule>] -- reason` suppresses those rules on the next line', () => {
    expect(lint(join(FIXTURES, 'suppression/suppressed.ps1'))).toEqual([]);
  });

  it('a directive without a reason or with an unknown rule suppresses nothing and is itself reported', () => {
    const got = lint(join(FIXTURES, 'suppression/invalid.ps1')).map((f) => `${f.rule}@${f.line}`);
    expect(got).toEqual([`${DIRECTIVE_RULE}@1`, 'shallow-inner-exception@2', `${DIRECTIVE_RULE}@3`, 'shallow-inner-exception@7']);
  });
});

// The whole tree: every PowerShell script the project ships must be clean (suppressions need a reason).
describe('ps51-lint over every .ps1 under src/', () => {
  const files = ps1Files('src').sort();

  it('finds the scripts', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('%s has no findings', (file) => {
    expect(lint(file).map(formatFinding)).toEqual([]);
  });
});
