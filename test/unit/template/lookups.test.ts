import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderString } from '../../../src/template/index.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'winbook-lookup-'));
  await mkdir(join(dir, 'files'));
  await writeFile(join(dir, 'files', 'motd.txt'), 'from files/\n\n');
  await writeFile(join(dir, 'top.txt'), '  top  \n');
  await writeFile(join(dir, 'motd.txt'), 'shadowed by files/\n');
  process.env.WINBOOK_LOOKUP_TEST = 'env-value';
});

describe('lookup and query', () => {
  it("reads environment variables, '' when unset, joined with commas for several", () => {
    expect(renderString("{{ lookup('env', 'WINBOOK_LOOKUP_TEST') }}", {})).toBe('env-value');
    expect(renderString("{{ lookup('env', 'WINBOOK_LOOKUP_UNSET') }}", {})).toBe('');
    expect(renderString("{{ lookup('ansible.builtin.env', 'WINBOOK_LOOKUP_TEST', 'WINBOOK_LOOKUP_TEST') }}", {})).toBe('env-value,env-value');
    expect(renderString("{{ query('env', 'WINBOOK_LOOKUP_TEST') }}", {})).toEqual(['env-value']);
    expect(renderString("{{ q('env', 'WINBOOK_LOOKUP_UNSET', default='d') }}", {})).toEqual(['d']);
  });

  it('reads files relative to the base directory, files/ first, right-stripped by default', () => {
    const where = { baseDir: dir };
    expect(renderString("{{ lookup('file', 'motd.txt') }}", {}, where)).toBe('from files/');
    expect(renderString("{{ lookup('file', 'top.txt') }}", {}, where)).toBe('  top');
    expect(renderString("{{ lookup('file', 'top.txt', rstrip=False, lstrip=True) }}", {}, where)).toBe('top  \n');
    expect(renderString("{{ query('file', 'top.txt', 'motd.txt') }}", {}, where)).toEqual(['  top', 'from files/']);
  });

  it("defaults the base directory to the directory of the template's source file", () => {
    expect(renderString("{{ lookup('file', 'top.txt') }}", {}, { pos: { file: join(dir, 'play.yml'), line: 1, col: 1 } })).toBe('  top');
  });

  it('fails naming a missing file, unless errors=ignore', () => {
    expect(() => renderString("{{ lookup('file', 'absent.txt') }}", {}, { baseDir: dir })).toThrow(
      expect.objectContaining({ code: 'TEMPLATE_LOOKUP_FAILED', message: 'could not locate file in lookup: absent.txt' }),
    );
    expect(renderString("{{ query('file', 'absent.txt', errors='ignore') }}", {}, { baseDir: dir })).toEqual([]);
  });

  it('keeps undefined arguments an error naming the variable', () => {
    expect(() => renderString("{{ lookup('env', nope) }}", {})).toThrow(expect.objectContaining({ code: 'TEMPLATE_UNDEFINED', message: "'nope' is undefined" }));
  });
});
