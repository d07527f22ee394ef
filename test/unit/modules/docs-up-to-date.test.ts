import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_DIR, moduleDocFiles } from '../../../scripts/gen-module-docs.ts';
import { moduleDoc, moduleOptions } from '../../../src/modules/doc.ts';
import { allModules } from '../../../src/modules/registry.ts';

/** Options that still lack a .describe() in their schema; this list may only shrink. */
const UNDESCRIBED: Record<string, string[]> = {
  raw: ['_raw_params'],
  win_ping: ['data'],
  debug: ['msg', 'var', 'verbosity'],
  assert: ['that', 'fail_msg', 'msg', 'success_msg', 'quiet'],
  fail: ['msg'],
};

describe('docs/modules is generated from the module schemas', () => {
  const want = moduleDocFiles();

  it('holds exactly one page per registered module plus the index', () => {
    const have = readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md')).sort();
    expect(have, 'run `npm run docs:modules`').toEqual([...want.keys()].sort());
  });

  it.each([...want.keys()])('%s matches what `npm run docs:modules` writes', (name) => {
    expect(readFileSync(join(DOCS_DIR, name), 'utf8'), `docs/modules/${name} is stale: run \`npm run docs:modules\``).toBe(want.get(name));
  });
});

describe('winbook doc shows options and examples for every module', () => {
  it.each(allModules().map((m) => [m.name, m] as const))('%s', (_name, def) => {
    const text = moduleDoc(def);
    const options = moduleOptions(def);
    for (const o of options) expect(text).toContain(`${o.required ? '=' : '-'} ${o.name}\n`);
    expect(text).toContain('EXAMPLES:');
    const undescribed = options.filter((o) => !o.description).map((o) => o.name);
    expect(UNDESCRIBED[def.name] ?? [], 'add a .describe() to every option').toEqual(expect.arrayContaining(undescribed));
  });

  it('marks secret options as redacted', () => {
    const uri = allModules().find((m) => m.name === 'win_uri')!;
    expect(moduleDoc(uri)).toMatch(/- url_password\n.*\n {8}type: str {2}\(secret: redacted in all output\)/);
  });
});
