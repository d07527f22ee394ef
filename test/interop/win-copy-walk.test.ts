/**
 * Interop: a controller folder as win_copy src is walked as ansible.windows 1.14's action plugin walks it. The
 * plugin's own `_walk_dirs` (with the Windows shell's trailing-slash test) runs in python3 on the same tree —
 * nested and empty folders, a trailing slash or not, symbolic links to a file, to a folder and back to an ancestor,
 * with local_follow on and off — and winbook's walk (src/modules/win_copy/folder-walk.ts) must list the same files
 * (destination and SHA-1) and folders; what the plugin keeps as symlinks (never copied) winbook leaves out.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkFolder } from '../../src/modules/win_copy/folder-walk.ts';

const PY = `
import json, sys
from ansible.parsing.dataloader import DataLoader
from ansible_collections.ansible.windows.plugins.action.win_copy import _walk_dirs
slash = lambda p: p.endswith('/') or p.endswith('\\\\')
r = _walk_dirs(sys.argv[1], DataLoader(), decrypt=False, local_follow=sys.argv[2] == '1', trailing_slash_detector=slash, checksum_check=True)
print(json.dumps(r))
`;

interface Walked { files: { dest: string; checksum: string }[]; directories: { dest: string }[]; symlinks: { dest: string }[] | { dest: string } }

function theirs(top: string, follow: boolean): Walked {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY, top, follow ? '1' : '0'], { encoding: 'utf8' })) as Walked;
}

describe('win_copy walks a src folder as ansible.windows 1.14\'s _walk_dirs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'winbook-walk-'));
    const app = join(dir, 'app');
    await mkdir(join(app, 'conf', 'deep'), { recursive: true });
    await mkdir(join(app, 'empty'));
    await mkdir(join(dir, 'outside', 'inner'), { recursive: true });
    await writeFile(join(app, 'root.txt'), 'root');
    await writeFile(join(app, 'conf', 'a.ini'), 'a');
    await writeFile(join(app, 'conf', 'deep', 'b.ini'), 'b');
    await writeFile(join(dir, 'outside', 'target.txt'), 'target');
    await writeFile(join(dir, 'outside', 'inner', 'c.txt'), 'c');
    await symlink(join(dir, 'outside', 'target.txt'), join(app, 'link.txt'));
    await symlink(join(dir, 'outside'), join(app, 'conf', 'linked-dir'));
    await symlink(app, join(app, 'conf', 'back-to-top'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const trailing of [false, true]) {
    for (const follow of [false, true]) {
      it(`src ${trailing ? 'with' : 'without'} a trailing slash, local_follow ${follow}`, async () => {
        const top = join(dir, 'app') + (trailing ? '/' : '');
        const ref = theirs(top, follow);
        const ours = await walkFolder(top, { localFollow: follow, decrypt: false, decryptFile: undefined });
        if ('result' in ours) throw new Error(String(ours.result.msg));
        const win = (p: string) => p.replaceAll('/', '\\');
        expect(ours.files.map((f) => [f.dest, f.sha1]).sort()).toEqual(ref.files.map((f) => [win(f.dest), f.checksum]).sort());
        expect([...ours.directories].sort()).toEqual(ref.directories.map((d) => win(d.dest)).sort());
        // The plugin lists links it does not follow as symlinks, which the module never copies.
        const links = Array.isArray(ref.symlinks) ? ref.symlinks : [ref.symlinks];
        for (const l of links) {
          expect(ours.files.some((f) => f.dest === win(l.dest))).toBe(false);
          expect(ours.directories).not.toContain(win(l.dest));
        }
        expect(links.length).toBe(follow ? 1 : 3);
      });
    }
  }
});
