/**
 * docs/errors.md lists every error code raised in src/: a code added to the source without documenting its
 * meaning, exit code and hint fails here, and so does a page that scripts/gen-errors-doc.mjs would change (its
 * generated tables are regenerated in memory and compared, the hand-written parts must come through unchanged).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BEGIN_MARKER, END_MARKER, renderErrorsDoc } from '../../scripts/gen-errors-doc.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** `new XError('CODE'`, `inputError('CODE'`, `super('CODE'` — how every coded error in src/ is raised. */
export function codesIn(text: string): string[] {
  return [...text.matchAll(/(?:\w*(?:Error|error)|super)\(\s*'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)].map((m) => m[1]!);
}

describe('docs/errors.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
  const codes = new Set(sources(join(ROOT, 'src')).flatMap((f) => codesIn(readFileSync(f, 'utf8'))));

  it('finds the codes the source raises', () => {
    expect(codesIn(`throw new InputError('PLAYBOOK_SYNTAX', 'x')`)).toEqual(['PLAYBOOK_SYNTAX']);
    expect(codesIn(`inputError(\n  'LIMIT_NO_MATCH', msg)`)).toEqual(['LIMIT_NO_MATCH']);
    expect(codes.size).toBeGreaterThan(50);
  });

  it('documents every code raised in src/', () => {
    const missing = [...codes].filter((c) => !doc.includes(`\`${c}\``)).sort();
    expect(missing, 'add these codes to docs/errors.md').toEqual([]);
  });

  it('gives each exit code class its number', () => {
    for (const heading of ['InputError — exit 3', 'OptionsError — exit 5', 'ConnectionError — exit 4']) expect(doc).toContain(heading);
  });

  it('is what scripts/gen-errors-doc.mjs generates (run it after adding, moving or removing a code)', () => {
    const r = renderErrorsDoc(ROOT, doc);
    expect(r.unresolved, 'codes whose error class the generator could not follow to a class of the page').toEqual([]);
    expect(r.dropped, 'listed codes src/ no longer names').toEqual([]);
    // Line by line, so a failure shows the rows that differ rather than two 30 KB strings.
    expect(r.text.split('\n'), 'docs/errors.md is not current: run node scripts/gen-errors-doc.mjs').toEqual(doc.split('\n'));
  });
});

describe('scripts/gen-errors-doc.mjs', () => {
  // A miniature repository: one source file, and a page with hand-written parts around the generated tables.
  function page(rows: string): string {
    return `# Codes\n\nHand-written intro.\n\n${BEGIN_MARKER}\n${rows}\n${END_MARKER}\n\n## Families\n\nHand-written too.\n`;
  }
  const table = (cls: string, exit: string, meaning: string, rows: string[]) =>
    `\n## ${cls} — exit ${exit}\n\n${meaning}.\n\n| code | what it says (one of its messages) | hint | raised in |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`;
  function repo(source: string): string {
    const root = mkdtempSync(join(tmpdir(), 'winbook-errors-doc-'));
    mkdirSync(join(root, 'src/x'), { recursive: true });
    writeFileSync(join(root, 'src/x/a.ts'), source);
    return root;
  }

  it('keeps the hand-written parts and cells, adds a new code from the source, drops a code src/ no longer names', () => {
    const root = repo(
      `class FooError extends RemoteError {}\n` +
        `throw new InputError('OLD_CODE', 'source text', { hint: 'source hint' });\n` +
        `throw new FooError('NEW_CODE', \`new \${x} text\`, { hint: 'do this' });\n`,
    );
    const before = page(
      table('InputError', '3', 'Invalid input, found before any host is touched', [
        '| `OLD_CODE` | reworded \\| by hand | hand hint | `src/elsewhere.ts` |',
        '| `GONE_CODE` | gone | — | `src/x/a.ts` |',
      ]),
    );
    const r = renderErrorsDoc(root, before);
    expect(r.dropped).toEqual(['GONE_CODE']);
    expect(r.text).toBe(
      page(
        table('InputError', '3', 'Invalid input, found before any host is touched', ['| `OLD_CODE` | reworded \\| by hand | hand hint | `src/x/a.ts` |']) +
          table('RemoteError', '2 (task failed)', 'The host answered but the operation failed; the task fails on that host', [
            '| `NEW_CODE` | new … text | do this | `src/x/a.ts` |',
          ]),
      ),
    );
    // Generating again changes nothing.
    expect(renderErrorsDoc(root, r.text).text).toBe(r.text);
  });

  it('refuses a page without its markers rather than overwrite hand-written text', () => {
    const root = repo(`throw new InputError('SOME_CODE', 'x');\n`);
    expect(() => renderErrorsDoc(root, '# Codes\n\nall by hand\n')).toThrow(/GENERATED/);
  });
});

