/**
 * bin/winbook.js runs dist/ only while dist/.build-stamp matches the sources (scripts/build-stamp.mjs): any edit,
 * added, deleted or renamed source file or directory, or a change to the build's configuration, makes the build
 * stale; an installed package (under node_modules/, or without src/) is trusted as built.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_CONFIG, distStatus, sourceFingerprint, STAMP_FILE, stampText } from '../../../scripts/build-stamp.mjs';

let root: string;

function write(rel: string, text: string): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
}

function build(): void {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', STAMP_FILE), stampText(root));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'winbook-stamp-'));
  write('src/cli/main.ts', 'export const a = 1;\n');
  write('src/modules/win_ping/win_ping.ps1', '@{ ping = "pong" }\n');
  for (const f of BUILD_CONFIG) write(f, '{}\n');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the build stamp', () => {
  it('is fresh right after a build, and the fingerprint is stable', () => {
    build();
    expect(distStatus(root)).toEqual({ fresh: true });
    expect(sourceFingerprint(root)).toBe(sourceFingerprint(root));
  });

  it('is missing before any build', () => {
    expect(distStatus(root)).toEqual({ fresh: false, reason: 'no build in dist/' });
  });

  it('goes stale when a source file is edited, even to the same length', () => {
    build();
    write('src/cli/main.ts', 'export const a = 2;\n');
    expect(distStatus(root)).toMatchObject({ fresh: false, reason: 'dist/ is older than the sources' });
  });

  it('goes stale when a file only gets a new modification time, in either direction (a checkout, cp -p)', () => {
    build();
    utimesSync(join(root, 'src/cli/main.ts'), new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(distStatus(root).fresh).toBe(false);
  });

  it('goes stale when an asset is added, deleted or renamed', () => {
    build();
    write('src/modules/win_ping/extra.ps1', '#\n');
    expect(distStatus(root).fresh).toBe(false);
    build();
    rmSync(join(root, 'src/modules/win_ping/extra.ps1'));
    expect(distStatus(root).fresh).toBe(false);
    build();
    renameSync(join(root, 'src/modules/win_ping/win_ping.ps1'), join(root, 'src/modules/win_ping/ping.ps1'));
    expect(distStatus(root).fresh).toBe(false);
  });

  it('goes stale when the build configuration changes or disappears', () => {
    build();
    write('tsconfig.build.json', '{ "compilerOptions": {} }\n');
    expect(distStatus(root).fresh).toBe(false);
    build();
    rmSync(join(root, 'tsconfig.json'));
    expect(distStatus(root).fresh).toBe(false);
  });

  it('ignores what is outside the build inputs (tests, docs, dist itself)', () => {
    build();
    write('test/x.test.ts', '\n');
    write('docs/x.md', '\n');
    write('dist/cli/main.js', '\n');
    expect(distStatus(root)).toEqual({ fresh: true });
  });

  it('goes stale when a file is added in a new directory, or a directory is removed', () => {
    build();
    write('src/newdir/deeper/x.ts', 'export {};\n');
    expect(distStatus(root).fresh).toBe(false);
    build();
    rmSync(join(root, 'src/newdir'), { recursive: true });
    expect(distStatus(root).fresh).toBe(false);
  });

  it('goes stale when only the size changes (the modification time put back)', () => {
    build();
    write('src/cli/main.ts', 'export const a = 10;\n');
    utimesSync(join(root, 'src/cli/main.ts'), new Date(2001, 0, 1), new Date(2001, 0, 1));
    build();
    write('src/cli/main.ts', 'export const a = 100;\n');
    utimesSync(join(root, 'src/cli/main.ts'), new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(distStatus(root).fresh).toBe(false);
  });

  it('stays fresh while a build input missing at the build is still missing, and goes stale when it appears', () => {
    rmSync(join(root, 'tsconfig.build.json'));
    build();
    expect(readFileSync(join(root, 'dist', STAMP_FILE), 'utf8')).toContain('M\ttsconfig.build.json\n');
    expect(distStatus(root)).toEqual({ fresh: true });
    write('tsconfig.build.json', '{}\n');
    expect(distStatus(root).fresh).toBe(false);
  });

  it('counts a damaged stamp line as a change', () => {
    build();
    const stamp = readFileSync(join(root, 'dist', STAMP_FILE), 'utf8');
    writeFileSync(join(root, 'dist', STAMP_FILE), stamp.replace(/\tsrc\/cli\/main\.ts\t(\d+)\t[^\n]*/, '\tsrc/cli/main.ts\t$1'));
    expect(distStatus(root).fresh).toBe(false);
    writeFileSync(join(root, 'dist', STAMP_FILE), stamp.replace('F\tsrc/cli/main.ts', 'Fsrc/cli/main.ts'));
    expect(distStatus(root).fresh).toBe(false);
  });

  it('refuses a stamp written by an older build script (another format)', () => {
    build();
    writeFileSync(join(root, 'dist', STAMP_FILE), 'c0ffee\n');
    expect(distStatus(root)).toEqual({ fresh: false, reason: 'dist/ was built by an older build script' });
  });

  it('trusts a stamped dist of an installed package (under node_modules/, or without src/) without looking at sources', () => {
    const installed = join(root, 'node_modules', 'winbook');
    mkdirSync(installed, { recursive: true });
    const inner = root;
    root = installed;
    try {
      write('src/cli/main.ts', 'export const a = 1;\n');
      for (const f of BUILD_CONFIG) write(f, '{}\n');
      build();
      write('src/cli/main.ts', 'export const a = 2;\n');
      expect(distStatus(root).fresh).toBe(false);
      expect(distStatus(root, undefined, { installed: true })).toEqual({ fresh: true });
    } finally {
      root = inner;
    }
    build();
    rmSync(join(root, 'src'), { recursive: true });
    expect(distStatus(root).fresh).toBe(false);
    expect(distStatus(root, undefined, { installed: true })).toEqual({ fresh: true });
    rmSync(join(root, 'dist', STAMP_FILE));
    expect(distStatus(root, undefined, { installed: true })).toEqual({ fresh: false, reason: 'no build in dist/' });
  });

  it('reads the stamp from another dist directory when asked', () => {
    build();
    expect(distStatus(root, join(root, 'elsewhere')).fresh).toBe(false);
  });
});
