import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { loadInventory } from '../../../src/inventory/index.ts';
import { FIXTURES } from './fixture-cases.ts';

async function loadError(name: string): Promise<InputError> {
  try {
    await loadInventory([join(FIXTURES, 'errors', name)]);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error(`${name} loaded without error`);
}

const at = (name: string, line: number, col: number) => ({ file: join(FIXTURES, 'errors', name), line, col });

describe('inventory errors', () => {
  it('reports YAML syntax errors at file:line:col', async () => {
    const e = await loadError('bad-syntax.yml');
    expect(e.code).toBe('INVENTORY_SYNTAX');
    expect(e.pos?.file).toBe(join(FIXTURES, 'errors', 'bad-syntax.yml'));
    expect(e.pos?.line).toBeGreaterThanOrEqual(4);
    expect(e.exitCode).toBe(3);
  });

  it('explains that hosts is a mapping when it is written as a list', async () => {
    const e = await loadError('hosts-list.yml');
    expect(e.code).toBe('INVENTORY_INVALID');
    expect(e.pos).toEqual(at('hosts-list.yml', 5, 9));
    expect(e.hint).toContain('hosts is a mapping of name to vars');
  });

  it('refuses a name that is both a host and a group', async () => {
    const e = await loadError('name-conflict.yml');
    expect(e.code).toBe('INVENTORY_NAME_CONFLICT');
    expect(e.pos).toEqual(at('name-conflict.yml', 5, 9));
    expect(e.hint).toContain('name-conflict.yml:6:5');
  });

  it('refuses unknown keys in a group with a suggestion', async () => {
    const e = await loadError('unknown-key.yml');
    expect(e.code).toBe('INVENTORY_UNKNOWN_KEY');
    expect(e.message).toContain('did you mean hosts?');
    expect(e.pos).toEqual(at('unknown-key.yml', 4, 7));
  });

  it('refuses group loops, bad ranges, plugin configs and non-mapping files', async () => {
    expect((await loadError('group-loop.yml')).code).toBe('INVENTORY_GROUP_LOOP');
    expect(await loadError('bad-range.yml')).toMatchObject({ code: 'INVENTORY_INVALID', pos: at('bad-range.yml', 3, 5) });
    expect((await loadError('plugin.yml')).code).toBe('INVENTORY_UNSUPPORTED');
    expect((await loadError('list-root.yml')).code).toBe('INVENTORY_INVALID');
  });

  it('reports INI mistakes at their line', async () => {
    expect(await loadError('bad-section.ini')).toMatchObject({ code: 'INVENTORY_SYNTAX', pos: at('bad-section.ini', 3, 1) });
    expect(await loadError('undefined-child.ini')).toMatchObject({ code: 'INVENTORY_INVALID', pos: at('undefined-child.ini', 3, 1) });
    expect(await loadError('vars-undefined.ini')).toMatchObject({ code: 'INVENTORY_INVALID', pos: at('vars-undefined.ini', 1, 1) });
    expect(await loadError('bad-host-var.ini')).toMatchObject({ code: 'INVENTORY_SYNTAX', pos: at('bad-host-var.ini', 2, 1) });
    expect(await loadError('unclosed-quote.ini')).toMatchObject({ code: 'INVENTORY_SYNTAX', pos: at('unclosed-quote.ini', 2, 1) });
  });

  it('says INVENTORY_NOT_FOUND with a hint for a missing source', async () => {
    const e = await loadError('does-not-exist.yml');
    expect(e.code).toBe('INVENTORY_NOT_FOUND');
    expect(e.hint).toBeTruthy();
  });
});
