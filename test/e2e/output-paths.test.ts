/**
 * Issue 15 (output paths, EPIPE, -e in the journal), through the real CLI against the simulator:
 *
 * - a report flag (--json/--junit/--html, `report --html`) naming the playbook, an inventory file, a file inside
 *   an inventory directory, a vars file, a symlink, a missing folder, a folder or an unwritable folder is refused
 *   with exit 5 naming the flag and the path, without a single request reaching a host, and the file unchanged;
 * - a report that cannot be written after the run (its folder removed meanwhile) is exit 1 naming the file, no
 *   stack trace, and the journal's last `end` record says 1 too;
 * - a reader that goes away (`winbook runs list | head -1`) ends the command quietly;
 * - `-e secret=…` never reaches the journal in clear, and the resume hint asks for it again.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';
import { spawnCli, waitFor } from '../helpers/cli-process.ts';
import { latestJournal, runDirs } from '../helpers/journal-files.ts';

const BIN = fileURLToPath(new URL('../../bin/winbook.js', import.meta.url));
const ENV = { WINBOOK_RUN_FROM: 'src' };

let site: SimSite;
/** Made when the file loads: the cases below name paths in it. */
const dir = mkdtempSync(join(tmpdir(), 'winbook-output-paths-'));
const p = (...parts: string[]) => join(dir, ...parts);

const PLAYBOOK = `- name: Ping with vars
  hosts: windows
  gather_facts: false
  vars_files:
    - vars/app.yml
  tasks:
    - name: Ping
      win_ping:
`;

beforeAll(async () => {
  site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(247) });
  chmodSync(dir, 0o755); // the unwritable-folder case runs as nobody when the tests run as root
  mkdirSync(p('vars'));
  mkdirSync(p('invdir'));
  mkdirSync(p('group_vars'));
  mkdirSync(p('reports'));
  mkdirSync(p('locked'));
  writeFileSync(p('site.yml'), PLAYBOOK);
  writeFileSync(p('vars', 'app.yml'), 'app_port: 8080\n');
  writeFileSync(p('inventory.yml'), site.inventory());
  writeFileSync(p('invdir', 'hosts.yml'), site.inventory());
  writeFileSync(p('group_vars', 'windows.yml'), 'greeting: hello\n');
  writeFileSync(p('extra.yml'), 'extra_flag: true\n');
  writeFileSync(p('victim.txt'), 'precious\n');
  symlinkSync(p('victim.txt'), p('link.json'));
  linkSync(p('site.yml'), p('hardlink.json'));
  chmodSync(p('locked'), 0o555);
});
afterAll(async () => {
  await site?.close();
});

interface Refused {
  name: string;
  /** Report options (the run is `run site.yml -i inventory.yml` plus these). */
  args: string[];
  /** The flag and path the message must name. */
  flag: string;
  path: string;
  says: RegExp;
  /** Inventory sources instead of inventory.yml. */
  inventory?: string[];
  asNobody?: boolean;
}

const CASES: () => Refused[] = () => [
  { name: 'the playbook', args: ['--json', p('site.yml')], flag: '--json', path: p('site.yml'), says: /is the playbook/ },
  { name: 'the playbook through a hard link', args: ['--json', p('hardlink.json')], flag: '--json', path: p('hardlink.json'), says: /is the playbook/ },
  { name: 'an inventory file', args: ['--junit', p('inventory.yml')], flag: '--junit', path: p('inventory.yml'), says: /is an inventory file/ },
  { name: 'a new file inside an inventory directory', args: ['--html', p('invdir', 'report.html')], flag: '--html', path: p('invdir', 'report.html'), says: /inside an inventory directory/, inventory: [p('invdir')] },
  { name: 'an existing file inside an inventory directory', args: ['--json', p('invdir', 'hosts.yml')], flag: '--json', path: p('invdir', 'hosts.yml'), says: /inside an inventory directory/, inventory: [p('invdir')] },
  { name: 'a vars_files file', args: ['--json', p('vars', 'app.yml')], flag: '--json', path: p('vars', 'app.yml'), says: /a file the playbook reads/ },
  { name: 'a group_vars file', args: ['--junit', p('group_vars', 'windows.yml')], flag: '--junit', path: p('group_vars', 'windows.yml'), says: /inside a group_vars folder/ },
  { name: 'an -e @file', args: ['-e', `@${p('extra.yml')}`, '--html', p('extra.yml')], flag: '--html', path: p('extra.yml'), says: /is an -e @file/ },
  { name: 'a symbolic link', args: ['--json', p('link.json')], flag: '--json', path: p('link.json'), says: /symbolic link/ },
  { name: 'a missing folder', args: ['--json', p('no-such-folder', 'report.json')], flag: '--json', path: p('no-such-folder', 'report.json'), says: /does not exist/ },
  { name: 'a folder as the target', args: ['--html', p('reports')], flag: '--html', path: p('reports'), says: /is a directory/ },
  { name: 'two flags naming one file', args: ['--json', p('reports', 'same'), '--html', p('reports', 'same')], flag: '--html', path: p('reports', 'same'), says: /also named by --json/ },
  { name: 'an unwritable folder', args: ['--json', p('locked', 'report.json')], flag: '--json', path: p('locked', 'report.json'), says: /cannot write there/, asNobody: true },
];

/** Every regular file under the work dir with its bytes (a refused run must change none, nor add a journal). */
function snapshot(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile()) out.set(f, readFileSync(f, 'base64') + ':' + statSync(f).mode.toString(8));
    }
  };
  walk(dir);
  return out;
}

function runAsNobody(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args], {
    cwd: dir,
    env: { ...process.env, CI: '1', NO_COLOR: '1', HOME: tmpdir(), ...ENV },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

describe('report paths are checked before any host is touched', () => {
  it.each(CASES().map((c) => [c.name, c] as const))('%s → exit 5 naming the flag and the path', async (_name, c) => {
    const before = snapshot();
    const requests = site.requests();
    const args = ['run', p('site.yml'), ...(c.inventory ?? [p('inventory.yml')]).flatMap((i) => ['-i', i]), ...c.args];
    const root = process.getuid?.() === 0;
    if (c.asNobody && root && spawnSync('setpriv', ['--version']).status !== 0) return; // no way to drop root here
    const r = c.asNobody && root ? runAsNobody(args) : await runCli(args, { cwd: dir, env: ENV });
    const out = r.stderr + r.stdout;
    expect(r.code, out).toBe(5);
    expect(out).toContain(`${c.flag} ${c.path}`);
    expect(out).toMatch(c.says);
    expect(out).toMatch(/hint: \S/);
    expect(out).not.toMatch(/INTERNAL|\n\s+at /);
    expect(site.requests() - requests).toBe(0);
    expect(snapshot()).toEqual(before);
    expect(readFileSync(p('victim.txt'), 'utf8')).toBe('precious\n');
    expect(runDirs(dir)).toEqual([]);
  }, 60_000);

  it('a good path is written (0600), and the run journals as usual', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'winbook-output-ok-'));
    const r = await runCli(['run', p('site.yml'), '-i', p('inventory.yml'), '--json', join(cwd, 'r.json'), '--junit', join(cwd, 'r.xml'), '--html', join(cwd, 'r.html')], { cwd, env: ENV });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    for (const f of ['r.json', 'r.xml', 'r.html']) expect(statSync(join(cwd, f)).mode & 0o777).toBe(0o600);
    expect(runDirs(cwd)).toHaveLength(1);
  }, 60_000);

  it('`winbook report --html` refuses the journal it reads, and a symlink', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'winbook-output-report-'));
    expect((await runCli(['run', p('site.yml'), '-i', p('inventory.yml')], { cwd, env: ENV })).code).toBe(0);
    const journal = join(runDirs(cwd)[0] as string, 'journal.jsonl');
    const bytes = readFileSync(journal);
    const r = await runCli(['report', 'last', '--html', journal], { cwd, env: ENV });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain(`--html ${journal}`);
    expect(readFileSync(journal)).toEqual(bytes);
    symlinkSync(join(cwd, 'elsewhere.txt'), join(cwd, 'link.html'));
    const l = await runCli(['report', 'last', '--html', join(cwd, 'link.html')], { cwd, env: ENV });
    expect(l.code, l.stderr).toBe(5);
    expect(l.stderr).toMatch(/--html .*link\.html: is a symbolic link/);
    expect(existsSync(join(cwd, 'elsewhere.txt'))).toBe(false);
  }, 60_000);
});

describe('a report that cannot be written after the run', () => {
  it('its folder removed during the run → exit 1 naming the file, no stack trace, and the journal ends with 1', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'winbook-output-late-'));
    writeFileSync(join(cwd, 'slow.yml'), '- hosts: windows\n  gather_facts: false\n  tasks:\n    - name: Wait a little\n      pause:\n        seconds: 2\n    - name: Ping\n      win_ping:\n');
    mkdirSync(join(cwd, 'out'));
    const target = join(cwd, 'out', 'report.json');
    const cli = spawnCli(['run', join(cwd, 'slow.yml'), '-i', p('inventory.yml'), '--json', target], { cwd, env: ENV });
    await waitFor(() => cli.stdout().includes('Wait a little'), 60_000, 'the pause task to start');
    rmSync(join(cwd, 'out'), { recursive: true });
    const code = await cli.exited;
    expect(code, cli.stderr() + cli.stdout()).toBe(1);
    expect(cli.stderr()).toContain(`--json ${target}: could not write the report`);
    expect(cli.stderr()).not.toMatch(/INTERNAL|\n\s+at /);
    const ends = latestJournal(cwd).filter((r) => r.t === 'end');
    expect(ends.at(-1)?.exitCode).toBe(1);
    const listed = await runCli(['runs', 'list'], { cwd, env: ENV });
    expect(listed.stdout).toMatch(/exit=1 /);
  }, 90_000);
});

describe('a reader that goes away', () => {
  async function fakeRuns(n: number): Promise<string> {
    const cwd = await mkdtemp(join(tmpdir(), 'winbook-epipe-'));
    for (let i = 0; i < n; i++) {
      const id = `20260101-000000-${String(i).padStart(6, '0')}`;
      mkdirSync(join(cwd, '.winbook', 'runs', id), { recursive: true });
      const recs = [
        { t: 'run', id, playbook: '/srv/playbooks/a-fairly-long-playbook-name-for-output.yml', cwd, argv: [], check: false, at: 0 },
        { t: 'plan', plays: [] },
        { t: 'end', status: 'completed', exitCode: 0, stats: {}, durationMs: 1, at: 1 },
      ];
      writeFileSync(join(cwd, '.winbook', 'runs', id, 'journal.jsonl'), recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
    }
    return cwd;
  }

  it('`winbook runs list | head -1`: stdout closed after the first line → exit 0, nothing on stderr', async () => {
    const cwd = await fakeRuns(1500); // well over a pipe buffer of listing
    const child = spawn(process.execPath, [BIN, 'runs', 'list'], { cwd, env: { ...process.env, CI: '1', ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(err).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  it('stderr closed before an error is written → the error exit code, no crash', async () => {
    const child = spawn(process.execPath, [BIN, 'run', p('no-such-playbook.yml'), '-i', p('inventory.yml')], { cwd: dir, env: { ...process.env, CI: '1', ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(3);
  }, 60_000);
});

describe('-e values in the journal', () => {
  it('are redacted (names kept, @file paths kept), and the hint asks for them again', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'winbook-e-redact-'));
    writeFileSync(join(cwd, 'fail.yml'), '- hosts: windows\n  gather_facts: false\n  tasks:\n    - name: Fail on purpose\n      fail:\n        msg: stop here\n');
    writeFileSync(join(cwd, 'more.yml'), 'more_var: 1\n');
    const secret = 'Hunter2-Secret';
    const r = await runCli(['run', join(cwd, 'fail.yml'), '-i', p('inventory.yml'), '-e', `secret_pw=${secret}`, '-e', `{"json_pw": "${secret}-json"}`, `--extra-vars=other_pw=${secret}-eq`, `-Ce`, `short_pw=${secret}-short`, '-e', '@more.yml'], { cwd, env: ENV });
    expect(r.code, r.stderr + r.stdout).toBe(2);
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(join(d, e.name)) : files.push(join(d, e.name))));
    walk(join(cwd, '.winbook'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain(secret);
    const run = latestJournal(cwd).find((x) => x.t === 'run') as { argv: string[] };
    expect(run.argv).toEqual(expect.arrayContaining(['secret_pw=<redacted>', '<redacted>', '--extra-vars=other_pw=<redacted>', 'short_pw=<redacted>', '@more.yml']));
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout).toMatch(/--resume.*-e secret_pw=<redacted>|-e secret_pw=<redacted>.*--resume/);
    expect(r.stdout).toContain('-e @more.yml');
    expect(r.stdout).toContain('(pass the same -e values again in place of <redacted>)');
  }, 60_000);
});
