/**
 * docs/errors.md lists every error code raised in src/: a code added to the source without documenting its
 * meaning, exit code and hint fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
});
