import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptInline, tagPos, Vault } from '../../../src/vault/index.ts';

const good = new Vault([{ label: 'default', password: Buffer.from('pw') }]);
const secret = good.encrypt('hunter2');

describe('inline vault values', () => {
  it('replaces every { __ansible_vault } value, nested in lists and dicts', () => {
    const out = decryptInline({ a: { __ansible_vault: secret }, b: [1, { c: { __ansible_vault: secret } }], d: 'plain' }, good, () => []);
    expect(out).toEqual({ a: 'hunter2', b: [1, { c: 'hunter2' }], d: 'plain' });
  });

  it('locates a value that will not decrypt in the inventory files, at its !vault tag', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-inline-'));
    const file = join(dir, 'all.yml');
    const body = secret.trimEnd().split('\n').map((l) => '    ' + l).join('\n');
    await writeFile(file, `x: 1\nsvc_password: !vault |\n${body}\n`);
    const bad = new Vault([{ label: 'default', password: Buffer.from('wrong') }]);
    expect(() => decryptInline({ svc_password: { __ansible_vault: secret } }, bad, () => [join(dir, 'none.yml'), file])).toThrow(
      expect.objectContaining({ code: 'VAULT_DECRYPT_FAILED', pos: { file, line: 2, col: 15 } }),
    );
  });

  it('moves a block scalar position from its | to the !vault tag', () => {
    expect(tagPos('a:\n  p: !vault |\n', { file: 'f', line: 2, col: 13 })).toEqual({ file: 'f', line: 2, col: 6 });
    expect(tagPos('p: x\n', { file: 'f', line: 1, col: 4 })).toEqual({ file: 'f', line: 1, col: 4 });
  });
});
