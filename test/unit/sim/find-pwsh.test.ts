/**
 * findPowerShell: the PowerShell the simulator runs module scripts in. Finds this machine's pwsh, honours and
 * judges $WINBOOK_PWSH, installs PowerShell 7.6.10 into a tool directory with `dotnet tool install` when there
 * is none, and agrees with scripts/ensure-pwsh.mjs (npm's postinstall) on the version and the install path.
 * Under CI or WINBOOK_REQUIRE_PWSH=1 a missing pwsh or dotnet fails these tests instead of skipping them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PWSH_VERSION,
  REPO_ROOT,
  clearPowerShellCache,
  defaultToolDir,
  findPowerShell,
  findPowerShellSync,
  whatToInstall,
} from '../../../src/sim/runner/find-pwsh.ts';

const REQUIRED = !!process.env.CI || process.env.WINBOOK_REQUIRE_PWSH === '1';
const POSIX = process.platform !== 'win32';
const ENSURE = fileURLToPath(new URL('../../../scripts/ensure-pwsh.mjs', import.meta.url));

interface EnsureModule {
  PWSH_VERSION: string;
  REPO_ROOT: string;
  toolDir: (repoRoot?: string) => string;
}

const tmp = mkdtempSync(join(tmpdir(), 'winbook-find-pwsh-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeEach(() => clearPowerShellCache());

/** An environment in which the search finds nothing: empty PATH, a HOME without ~/.dotnet/tools. */
function isolated(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = join(tmp, 'home');
  mkdirSync(home, { recursive: true });
  return { PATH: '', HOME: home, USERPROFILE: home, ...extra };
}

/** A fake "pwsh": a shell script that prints `out` and exits with `status`. */
function fake(name: string, out: string, status = 0): string {
  const p = join(tmp, name);
  writeFileSync(p, `#!/bin/sh\necho '${out}'\nexit ${status}\n`);
  chmodSync(p, 0o755);
  return p;
}

function dotnetOnPath(): string | undefined {
  const name = POSIX ? 'dotnet' : 'dotnet.exe';
  return (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name)).find((p) => existsSync(p));
}

describe('install path and version: find-pwsh.ts and scripts/ensure-pwsh.mjs agree', () => {
  it('resolve the same repository, tool directory and version', async () => {
    const ensure = (await import(new URL('../../../scripts/ensure-pwsh.mjs', import.meta.url).href)) as EnsureModule;
    expect(existsSync(join(REPO_ROOT, 'package.json'))).toBe(true);
    expect(resolve(ensure.REPO_ROOT)).toBe(resolve(REPO_ROOT));
    expect(ensure.toolDir()).toBe(defaultToolDir());
    expect(defaultToolDir()).toBe(join(REPO_ROOT, '.tools', 'pwsh'));
    expect(ensure.toolDir('/x')).toBe(defaultToolDir('/x'));
    expect(ensure.PWSH_VERSION).toBe(PWSH_VERSION);
    expect(PWSH_VERSION).toBe('7.6.10');
  });
});

describe('this machine', () => {
  const found = (() => {
    try {
      return findPowerShellSync();
    } catch {
      return undefined;
    }
  })();

  it.skipIf(!found && !REQUIRED)('has a PowerShell the simulator can use (pwsh 7.4+, or Windows PowerShell 5.1)', async () => {
    const ps = await findPowerShell();
    expect(ps.kind).toBe(process.platform === 'win32' && !process.env.WINBOOK_PWSH ? 'windows-powershell' : 'pwsh');
    const [major, minor] = ps.version.split('.').map(Number) as [number, number];
    expect(major * 100 + minor).toBeGreaterThanOrEqual(ps.kind === 'pwsh' ? 704 : 501);
    expect(execFileSync(ps.path, ['-NoProfile', '-NonInteractive', '-Command', '20 + 22'], { encoding: 'utf8' }).trim()).toBe('42');
    // Cached per process: the same answer without running it again.
    expect(findPowerShellSync()).toBe(ps);
    expect(await findPowerShell()).toBe(ps);
  });
});

describe.skipIf(!POSIX)('WINBOOK_PWSH', () => {
  it('is used when it is PowerShell 7.4+, whatever else is installed', async () => {
    const p = fake('pwsh-7.5', '7.5.1');
    expect(await findPowerShell({ env: { ...process.env, WINBOOK_PWSH: p } })).toEqual({ path: p, kind: 'pwsh', version: '7.5.1' });
    clearPowerShellCache();
    expect(findPowerShellSync({ env: isolated({ WINBOOK_PWSH: p }) })).toEqual({ path: p, kind: 'pwsh', version: '7.5.1' });
  });

  it('takes a 5.1 as Windows PowerShell', async () => {
    const p = fake('winps', '5.1.19041.4522');
    expect(await findPowerShell({ env: isolated({ WINBOOK_PWSH: p }) })).toEqual({ path: p, kind: 'windows-powershell', version: '5.1.19041.4522' });
  });

  it.each([
    ['7.2.0', /is PowerShell 7\.2\.0; the simulator needs PowerShell 7\.4\+/],
    ['6.2.7', /is PowerShell 6\.2\.7; the simulator needs PowerShell 7\.4\+/],
    ['5.0.10586', /is PowerShell 5\.0\.10586; the simulator needs Windows PowerShell 5\.1/],
    ['hello', /printed no PowerShell version/],
  ])('refuses version %s (and does not fall back to another pwsh)', async (out, message) => {
    const p = fake(`ps-${out}`, out);
    const env = { ...process.env, WINBOOK_PWSH: p };
    await expect(findPowerShell({ env })).rejects.toMatchObject({ code: 'PWSH_MISSING', message: expect.stringMatching(message) });
    expect(() => findPowerShellSync({ env })).toThrow(message);
  });

  it('names a path that does not exist or does not run', async () => {
    const missing = join(tmp, 'no-such-pwsh');
    const err = await findPowerShell({ env: isolated({ WINBOOK_PWSH: missing }), install: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PWSH_MISSING', hint: whatToInstall() });
    expect((err as Error).message).toContain(`WINBOOK_PWSH: ${missing} does not run`);
    expect((err as Error).message).toContain('WINBOOK_PWSH=/path/to/pwsh');
    const broken = fake('broken-pwsh', 'oops', 3);
    await expect(findPowerShell({ env: isolated({ WINBOOK_PWSH: broken }) })).rejects.toThrow(/broken-pwsh does not run: .*oops/);
  });
});

describe.skipIf(!POSIX)('nothing found', () => {
  it('passes over a too-old pwsh in the tool directory, returns undefined from the sync search, and says what to install', async () => {
    const toolDir = join(tmp, 'old-tools');
    mkdirSync(toolDir, { recursive: true });
    writeFileSync(join(toolDir, 'pwsh'), "#!/bin/sh\necho '7.2.24'\n");
    chmodSync(join(toolDir, 'pwsh'), 0o755);
    expect(findPowerShellSync({ toolDir, env: isolated() })).toBeUndefined();
    const err = (await findPowerShell({ toolDir, env: isolated() }).catch((e: unknown) => e)) as Error & { code: string; hint: string };
    expect(err.code).toBe('PWSH_MISSING');
    expect(err.message).toContain('is PowerShell 7.2.24; the simulator needs PowerShell 7.4+');
    expect(err.message).toContain(err.hint);
  });

  it('without dotnet, install: true fails with what to install, and logs nothing', async () => {
    const lines: string[] = [];
    const toolDir = join(tmp, 'no-dotnet-tools');
    await expect(findPowerShell({ toolDir, env: isolated(), install: true, log: (l) => lines.push(l) })).rejects.toMatchObject({
      code: 'PWSH_MISSING',
      message: expect.stringContaining('no dotnet on PATH to install PowerShell 7.6.10 with'),
    });
    expect(lines).toEqual([]);
    expect(existsSync(join(toolDir, 'pwsh'))).toBe(false);
  });

  it('says what to install on each platform', () => {
    expect(whatToInstall('linux')).toMatch(/\.NET SDK 10 .*and rerun, or install PowerShell 7\.4\+ and set WINBOOK_PWSH=\/path\/to\/pwsh/);
    expect(whatToInstall('darwin')).toContain('brew install powershell');
    expect(whatToInstall('win32')).toContain('Windows PowerShell 5.1 is built into Windows');
  });
});

describe('installing into a tool directory with dotnet tool install', () => {
  const dotnet = dotnetOnPath();

  it.skipIf(!dotnet && !REQUIRED)('installs PowerShell 7.6.10 once, printing one line, even when two callers race', { timeout: 600_000 }, async () => {
    expect(dotnet, 'dotnet (the .NET SDK 10) must be on PATH to install pwsh').toBeDefined();
    // PATH holds dotnet and nothing else; HOME has no ~/.dotnet/tools: the search must come up empty.
    const bin = join(tmp, 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(dotnet!, join(bin, POSIX ? 'dotnet' : 'dotnet.exe'));
    const env = isolated({ PATH: bin });
    const toolDir = join(tmp, 'tools', 'pwsh');
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);

    const started = Date.now();
    const [a, b] = await Promise.all([findPowerShell({ toolDir, env, install: true, log }), findPowerShell({ toolDir, env, install: true, log })]);
    const seconds = (Date.now() - started) / 1000;

    const pwsh = join(toolDir, POSIX ? 'pwsh' : 'pwsh.exe');
    expect(a).toEqual({ path: pwsh, kind: 'pwsh', version: PWSH_VERSION });
    expect(b).toEqual(a);
    expect(lines).toEqual([`winbook: PowerShell 7.6.10 not found; installing it into ${toolDir} with 'dotnet tool install' (once, ~10 s)`]);
    expect(existsSync(`${toolDir}.lock`)).toBe(false);
    console.log(`dotnet tool install of PowerShell ${PWSH_VERSION}: ${seconds.toFixed(1)} s`);

    // Installed: found by looking alone, with no further install.
    clearPowerShellCache();
    expect(findPowerShellSync({ toolDir, env })).toEqual(a);
    clearPowerShellCache();
    expect(await findPowerShell({ toolDir, env, install: true, log })).toEqual(a);
    expect(lines).toHaveLength(1);
  });
});

describe.skipIf(!POSIX)('scripts/ensure-pwsh.mjs (postinstall)', () => {
  it('never fails npm install: a warning with what to install, exit 0; --require (CI) exits 1', () => {
    const env = { ...process.env, WINBOOK_PWSH: join(tmp, 'no-such-pwsh') };
    const soft = spawnSync(process.execPath, [ENSURE], { encoding: 'utf8', env });
    expect(soft.status).toBe(0);
    expect(soft.stderr).toMatch(/^winbook: warning: WINBOOK_PWSH=.*no-such-pwsh is not PowerShell 7\.4\+.*to fix: .*WINBOOK_PWSH/);
    const hard = spawnSync(process.execPath, [ENSURE, '--require'], { encoding: 'utf8', env });
    expect(hard.status).toBe(1);
    expect(hard.stderr).toMatch(/^winbook: error: /);
  });
});
