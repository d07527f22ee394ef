/**
 * Windows playbooks written the way Ansible users write them (test/fixtures/ansible-playbooks/windows) run
 * through the CLI against a fresh simulated 2-host site. Each playbook carries the recap Ansible's semantics give
 * in header comments, which this file parses:
 *   # expect: <recap>          every host (or `# expect-win02: <recap>` for one host)
 *   # rerun: <recap>           a second run's recap (its presence says the playbook is idempotent)
 *   # exit: N                  the first run's exit code (default 0)
 *   # handlers: A, B           the RUNNING HANDLER banners of the first run, in order
 * and the final state of the simulated hosts is checked per playbook below.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { getNode } from '../../src/sim/host/fs.ts';
import type { HostState } from '../../src/sim/host/state.ts';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';

const DIR = fileURLToPath(new URL('../fixtures/ansible-playbooks/windows/', import.meta.url));
const HOSTS = ['win01', 'win02'];
const ACCOUNT_PASSWORD = 'Rehearse-Qlik-2024!';

interface Expectations {
  recap: Record<string, string>;
  rerun?: Record<string, string>;
  exit: number;
  handlers?: string[];
}

/** Header comments (`# key: value` / `# key-host: value`) before the first YAML line. */
function parseExpectations(text: string): Expectations {
  const header = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const m = /^# (expect|rerun|exit|handlers)(?:-(\w+))?: (.*)$/.exec(line);
    if (m) header.set(m[2] ? `${m[1]}-${m[2]}` : (m[1] as string), (m[3] as string).trim());
  }
  const perHost = (key: string): Record<string, string> | undefined => {
    const all = header.get(key);
    const out: Record<string, string> = {};
    for (const h of HOSTS) {
      const v = header.get(`${key}-${h}`) ?? all;
      if (v !== undefined) out[h] = `${h} : ${v}`;
    }
    return Object.keys(out).length ? out : undefined;
  };
  const recap = perHost('expect');
  if (!recap || Object.keys(recap).length !== HOSTS.length) throw new Error('playbook has no # expect: recap for every host');
  const handlers = header.get('handlers');
  return { recap, rerun: perHost('rerun'), exit: Number(header.get('exit') ?? 0), ...(handlers ? { handlers: handlers.split(',').map((s) => s.trim()) } : {}) };
}

function recapOf(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of HOSTS) {
    const line = stdout.split('\n').find((l) => l.startsWith(h + ' ') && l.includes('ok='));
    out[h] = line ? line.replace(/\s+/g, ' ').trim() : '(no recap line)';
  }
  return out;
}

function handlerBanners(stdout: string): string[] {
  return [...stdout.matchAll(/^RUNNING HANDLER \[(.*)\] \*+$/gm)].map((m) => m[1] as string);
}

const service = (s: HostState, name: string) => s.services.find((x) => x.name === name);

/** What each playbook leaves behind on the simulated hosts. */
const FINAL_STATE: Record<string, (state: HostState, host: string) => void> = {
  'services.yml': (s) => {
    expect(service(s, 'W32Time')).toMatchObject({ start_mode: 'auto', state: 'running' });
    expect(service(s, 'wuauserv')).toMatchObject({ start_mode: 'disabled', state: 'stopped' });
  },
  'users.yml': (s) => {
    expect(s.users.map((u) => u.name)).toEqual(expect.arrayContaining(['svc_qlik', 'qlik_admin']));
    expect(s.users.find((u) => u.name === 'svc_qlik')).toMatchObject({ full_name: 'Qlik Sense service', password_never_expires: true });
  },
  'groups.yml': (s) => {
    expect(s.groups.QlikAdmins).toEqual([`${s.hostname}\\operator1`]);
    expect(s.group_descriptions?.QlikAdmins).toBe('People who administer Qlik Sense');
    expect([...(s.groups.Administrators ?? [])].sort()).toEqual([`${s.hostname}\\Administrator`, `${s.hostname}\\operator1`]);
  },
  'user-rights.yml': (s) => {
    expect(s.rights.SeServiceLogonRight).toEqual(expect.arrayContaining(['NT SERVICE\\ALL SERVICES', `${s.hostname}\\svc_qlik`]));
    expect(s.rights.SeDenyInteractiveLogonRight).toEqual([`${s.hostname}\\svc_qlik`]);
  },
  'files-acl.yml': (s) => {
    const file = getNode(s, 'C:\\QlikShare\\settings.ini');
    expect(Buffer.from(file?.content ?? '', 'base64').toString()).toBe('root=C:\\QlikShare\r\n');
    const aces = getNode(s, 'C:\\QlikShare')?.acl.aces ?? [];
    expect(aces.some((a) => a.identity === `${s.hostname}\\svc_qlik` && a.type === 'allow')).toBe(true);
  },
  'handlers-order.yml': (s) => {
    expect(service(s, 'Spooler')?.state).toBe('running');
    expect(service(s, 'W32Time')).toMatchObject({ start_mode: 'auto', state: 'running' });
  },
  'handlers-flush.yml': (s) => expect(service(s, 'W32Time')?.state).toBe('running'),
  // The restart is the only thing that starts W32Time: it tells whether the handler ran on the host.
  'handlers-failed-host.yml': (s, h) => expect(service(s, 'W32Time')?.state).toBe(h === 'win02' ? 'stopped' : 'running'),
  'handlers-force.yml': (s) => expect(service(s, 'W32Time')?.state).toBe('running'),
  'block-rescue.yml': (s) => expect(service(s, 'W32Time')).toMatchObject({ start_mode: 'auto', state: 'running' }),
  'loops-register.yml': (s) => expect(service(s, 'W32Time')?.state).toBe('running'),
  'when-conditions.yml': (s, h) => expect(service(s, 'Spooler')?.state).toBe(h === 'win02' ? 'stopped' : 'running'),
  'environment.yml': (s, h) => {
    const file = getNode(s, 'C:\\ProgramData\\app-env.txt');
    expect(Buffer.from(file?.content ?? '', 'base64').toString()).toBe(`rehearsal red north-${h}\r\n`);
  },
  'include-tasks.yml': (s) => {
    for (const a of ['svc_qlik', 'svc_backup']) {
      expect(s.rights.SeServiceLogonRight).toContain(`${s.hostname}\\${a}`);
      expect(s.groups.Users).toContain(`${s.hostname}\\${a}`);
    }
  },
};

const PLAYBOOKS = readdirSync(DIR).filter((f) => f.endsWith('.yml')).sort();

describe('real Windows playbooks against a fresh simulated site', () => {
  let site: SimSite | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });

  it('has at least ten playbooks, each with its expected recap and a final-state check', () => {
    expect(PLAYBOOKS.length).toBeGreaterThanOrEqual(10);
    for (const p of PLAYBOOKS) {
      expect(() => parseExpectations(readFileSync(join(DIR, p), 'utf8')), p).not.toThrow();
      expect(FINAL_STATE[p], p).toBeDefined();
    }
  });

  it.each(PLAYBOOKS)('%s gives the recap Ansible gives, then changes nothing on a second run', async (playbook) => {
    const want = parseExpectations(readFileSync(join(DIR, playbook), 'utf8'));
    site = await startSimSite({ hosts: HOSTS.length, baseAddress: loopbackBlock(91) });
    const dir = await mkdtemp(join(tmpdir(), 'winbook-ansible-pb-'));
    const inventory = join(dir, 'inventory.yml');
    await writeFile(inventory, site.inventory());
    const args = ['run', join(DIR, playbook), '-i', inventory, '-e', `account_password=${ACCOUNT_PASSWORD}`];

    const first = await runCli(args);
    expect(recapOf(first.stdout), first.stdout + first.stderr).toEqual(want.recap);
    expect(first.code, first.stderr).toBe(want.exit);
    if (want.handlers) expect(handlerBanners(first.stdout)).toEqual(want.handlers);
    else expect(handlerBanners(first.stdout)).toEqual([]);
    for (const h of site.hosts) FINAL_STATE[playbook]?.(h.host.state, h.name);

    if (want.rerun) {
      const second = await runCli(args);
      expect(recapOf(second.stdout), second.stdout + second.stderr).toEqual(want.rerun);
      expect(second.code).toBe(0);
      expect(handlerBanners(second.stdout)).toEqual([]);
    }
    expect(first.stdout + first.stderr).not.toContain(ACCOUNT_PASSWORD);
  });
});
