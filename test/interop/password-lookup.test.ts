/**
 * Interop: lookup('password') writes its file on the controller as ansible-playbook 2.14 does — a new folder 0700,
 * the file 0600 holding the password and one newline, read back (not regenerated) on the next use, and nothing
 * written for /dev/null. Both write into their own scratch folder; the shapes are compared, the random passwords not.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderString } from '../../src/template/index.ts';
import { ansibleJson, hasAnsible } from '../helpers/ansible-oracle.ts';

const available = hasAnsible;

interface Shape {
  dirMode: string;
  fileMode: string;
  length: number;
  newline: boolean;
  sameOnReuse: boolean;
  devNullWritten: boolean;
}

async function shape(dir: string, first: string, second: string): Promise<Shape> {
  const file = join(dir, 'creds', 'app', 'db');
  const text = await readFile(file, 'utf8');
  return {
    dirMode: ((await stat(join(dir, 'creds', 'app'))).mode & 0o777).toString(8),
    fileMode: ((await stat(file)).mode & 0o777).toString(8),
    length: text.trimEnd().length,
    newline: text.endsWith('\n') && !text.endsWith('\n\n'),
    sameOnReuse: first === second && first === text.trimEnd(),
    devNullWritten: existsSync(join(dir, 'dev', 'null')),
  };
}

describe.skipIf(!available)('the password lookup writes its file as Ansible does', () => {
  let theirs: Shape;
  let ours: Shape;
  const dirs: string[] = [];

  beforeAll(async () => {
    const a = await mkdtemp(join(tmpdir(), 'winbook-pw-ansible-'));
    const o = await mkdtemp(join(tmpdir(), 'winbook-pw-ours-'));
    dirs.push(a, o);
    const expr = "{{ lookup('password', 'creds/app/db length=14 chars=ascii_letters,digits') }}";
    const play = [{ hosts: 'localhost', gather_facts: false, tasks: [{ debug: { msg: expr } }, { debug: { msg: expr } }, { debug: { msg: "{{ lookup('password', '/dev/null') }}" } }] }];
    await writeFile(join(a, 'pb.yml'), JSON.stringify(play));
    const msgs = ansibleJson(a, 'pb.yml').plays[0]?.tasks.map((t) => t.hosts.localhost?.msg) ?? [];
    theirs = await shape(a, msgs[0] as string, msgs[1] as string);
    const vars = { playbook_dir: o };
    const first = renderString(expr, vars) as string;
    const second = renderString(expr, vars) as string;
    renderString("{{ lookup('password', '/dev/null') }}", vars);
    ours = await shape(o, first, second);
  }, 60_000);
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('creates the same folder and file, reads it back, and leaves /dev/null alone', () => {
    expect(theirs).toEqual({ dirMode: '700', fileMode: '600', length: 14, newline: true, sameOnReuse: true, devNullWritten: false });
    expect(ours).toEqual(theirs);
  });

  it('makes a password of the requested characters, a new one each time for /dev/null', () => {
    const vars = { playbook_dir: dirs[1] as string };
    const a = renderString("{{ lookup('password', '/dev/null length=40 chars=digits,,') }}", vars) as string;
    const b = renderString("{{ lookup('password', '/dev/null length=40 chars=digits,,') }}", vars) as string;
    expect(a).toMatch(/^[0-9,]{40}$/);
    expect(a).not.toBe(b);
    expect(() => renderString("{{ lookup('password', '/dev/null encrypt=sha512_crypt') }}", vars)).toThrow(/'encrypt' option is not supported/);
  });
});
