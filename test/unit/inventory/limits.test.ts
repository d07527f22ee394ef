/** Inventory caps: host ranges and host count (src/util/limits.ts), YAML alias bombs. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.ts';
import { hostRangeSize } from '../../../src/inventory/host-range.ts';

async function inv(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'winbook-limits-'));
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

describe('inventory limits', () => {
  it('counts a range without expanding it', () => {
    expect(hostRangeSize('win[1:50000000]')).toBe(50_000_000);
    expect(hostRangeSize('win[01:10].x[a:c]')).toBe(30);
    expect(hostRangeSize('win[0:10:2]')).toBe(6);
    expect(hostRangeSize('win')).toBe(1);
  });

  it('refuses a range above 100,000 hosts, naming the pattern, without expanding it', async () => {
    const t = Date.now();
    await expect(loadInventory([await inv('hosts.ini', '[windows]\nwin[1:50000000]\n')])).rejects.toMatchObject({
      code: 'INVENTORY_TOO_LARGE',
      message: expect.stringContaining('win[1:50000000]'),
      pos: { line: 2, col: 1 },
    });
    await expect(loadInventory([await inv('hosts.yml', 'all:\n  hosts:\n    "win[1:50000000]":\n')])).rejects.toMatchObject({ code: 'INVENTORY_TOO_LARGE' });
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('refuses more than 100,000 hosts in all', async () => {
    await expect(loadInventory([await inv('hosts.ini', '[a]\nwin[1:60000]\n[b]\nweb[1:60000]\n')])).rejects.toMatchObject({
      code: 'INVENTORY_TOO_LARGE',
      message: expect.stringMatching(/host web40001: the inventory holds more than 100,000 hosts/),
      pos: { line: 4, col: 1 },
    });
  }, 30_000);

  it('refuses a YAML alias bomb made of aliased groups at the amplifying alias', async () => {
    const levels = ['all:', '  children:', '    g1: &g1', '      hosts: {a: {}, b: {}}'];
    for (let i = 2; i <= 8; i++) levels.push(`    g${i}: &g${i}`, `      children: {${Array.from({ length: 8 }, (_, k) => `x${i}${k}: *g${i - 1}`).join(', ')}}`);
    const t = Date.now();
    await expect(loadInventory([await inv('bomb.yml', levels.join('\n') + '\n')])).rejects.toMatchObject({ code: 'YAML_ALIAS_LIMIT', pos: { line: 8 } });
    expect(Date.now() - t).toBeLessThan(5000);
  });
});
