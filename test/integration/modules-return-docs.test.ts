/**
 * Issue 14, return values the roles assert: each module named there runs its own PowerShell against the
 * simulator, and the keys of its result are compared with the RETURN documentation of the module as ansible.windows
 * 1.14 ships it (community.windows for win_hosts), read from the installed collection by
 * ../interop/ansible-basic/return-docs.py. A key winbook returns must be documented there, or be one the 1.14
 * module's own .ps1 sets although RETURN omits it (listed below with the source text that sets it, which the test
 * finds in that .ps1). Documented values are checked where RETURN names them (win_service_info's state and
 * service_type); keys newer collections added (win_group `sid`, win_environment `env_values`) must be absent.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.ts';
import type { ModuleResult } from '../../src/modules/types.ts';
import { useModuleHost } from '../helpers/module-host.ts';

const COLLECTIONS = '/usr/lib/python3/dist-packages/ansible_collections';
const SOURCES = [join(COLLECTIONS, 'ansible/windows/plugins/modules'), join(COLLECTIONS, 'community/windows/plugins/modules')];
const DOCS = fileURLToPath(new URL('../interop/ansible-basic/return-docs.py', import.meta.url));
const available = existsSync(SOURCES[0] as string);
if (!available && process.env.CI) throw new Error('ansible.windows (Debian ansible) is required in CI');

interface ReturnDoc {
  returned: string;
  contains: Record<string, ReturnDoc>;
  /** The C(value)s its description names ("Common values are C(stopped), …"). */
  values: string[];
}

/**
 * Keys every module result may carry: Ansible's own (module_wrapper, Exit-Json/Fail-Json, --diff), and the
 * `stdout_lines`/`stderr_lines` ansible-core 2.14's action base adds beside `stdout`/`stderr` (_parse_returned_data).
 */
const COMMON = ['changed', 'failed', 'msg', 'skipped', 'warnings', 'deprecations', 'diff', 'exception', 'invocation', 'stdout_lines', 'stderr_lines'];

/**
 * Keys a 1.14 module's .ps1 sets although its RETURN block does not list them (or lists them under another
 * spelling): [key, or list[].key for the records of a list, and the source text that sets it].
 */
const UNDOCUMENTED: Record<string, [string, string][]> = {
  win_path: [['path_value', '$module.Result.path_value = $path_value']],
  win_tempfile: [['state', '$module.Result.state = $state']],
  win_feature: [['success', '$result.success = ConvertTo-Bool -obj $action_results.Success']],
  win_user: [['state', "$module.Result.state = 'present'"]],
  // RETURN spells them failure_action_on_non_crash_failure and win32_exitcode; the module returns these.
  win_service_info: [
    ['services[].failure_actions_on_non_crash_failure', 'failure_actions_on_non_crash_failure = $service.FailureActionsOnNonCrashFailures'],
    ['services[].win32_exit_code', 'win32_exit_code = $service.Win32ExitCode'],
  ],
};

const MODULES = ['win_group', 'win_environment', 'win_service_info', 'win_copy', 'win_reg_stat', 'win_find', 'win_tempfile', 'slurp', 'win_path', 'win_hosts', 'win_dns_client', 'win_powershell', 'win_feature', 'win_updates', 'win_user', 'win_service', 'win_regedit', 'win_file', 'win_stat', 'win_command', 'win_shell'];

function returnDocs(): Record<string, Record<string, ReturnDoc>> {
  return JSON.parse(execFileSync('/usr/bin/python3', [DOCS, ...MODULES], { encoding: 'utf8' })) as Record<string, Record<string, ReturnDoc>>;
}

function source(module: string): string {
  for (const dir of SOURCES) {
    const file = join(dir, `${module}.ps1`);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error(`no 1.14 source for ${module}`);
}

describe.runIf(available)("result keys are those of ansible.windows 1.14's RETURN documentation", () => {
  const mh = useModuleHost(52);
  const { task } = mh;
  const docs = available ? returnDocs() : {};

  /**
   * Keys of `result`, and of the records of its documented lists (`list[].key`), that neither RETURN nor the
   * module's own source accounts for.
   */
  function undocumented(module: string, result: ModuleResult): string[] {
    const doc = docs[module] ?? {};
    const extra = (UNDOCUMENTED[module] ?? []).map(([k]) => k);
    const found = Object.keys(result).filter((k) => !COMMON.includes(k) && !(k in doc) && !extra.includes(k));
    for (const [key, d] of Object.entries(doc)) {
      const v = result[key];
      if (!Object.keys(d.contains).length || !Array.isArray(v)) continue;
      for (const item of v as Record<string, unknown>[]) {
        found.push(...Object.keys(item).filter((k) => !(k in d.contains) && !extra.includes(`${key}[].${k}`)).map((k) => `${key}[].${k}`));
      }
    }
    return [...new Set(found)];
  }

  /** win_copy as the engine runs it: the controller half (content hashed there), then the agent. */
  async function winCopy(args: Record<string, unknown>, check: boolean): Promise<ModuleResult> {
    const def = findModule('win_copy')!;
    const prepared = await def.prepare!(def.schema.parse(args), { host: 'win01', check, diff: false, vars: {} });
    if ('result' in prepared) return prepared.result;
    return mh.agent().invoke(def, prepared.args, { check, diff: false });
  }

  it('reads a RETURN block for every module named in the issue', () => {
    expect(Object.keys(docs).sort()).toEqual([...MODULES].sort());
    // A block that lists keys is read as such (the modules whose RETURN is empty return only common keys).
    expect(Object.keys(docs.win_service_info ?? {})).toEqual(['exists', 'services']);
  });

  it('each key listed as set by a 1.14 source outside RETURN is set there', () => {
    for (const [module, keys] of Object.entries(UNDOCUMENTED)) {
      for (const [key, text] of keys) {
        expect(source(module), `${module} ${key}`).toContain(text);
        const [top, sub] = key.split('[].') as [string, string | undefined];
        expect(sub === undefined ? docs[module]?.[top] : docs[module]?.[top]?.contains[sub]).toBeUndefined();
      }
    }
  });

  it('win_group returns no sid (1.14 documents no return value; ansible.windows 2.x added sid)', async () => {
    const r = await task('win_group', { name: 'RetDocs', description: 'return keys' });
    expect(r).toMatchObject({ changed: true });
    expect(undocumented('win_group', r)).toEqual([]);
    expect(r).not.toHaveProperty('sid');
    expect(docs.win_group).toEqual({});
  });

  it('win_environment returns before_value, value and values, not env_values', async () => {
    const r = await task('win_environment', { name: 'RET_DOCS', value: 'one', level: 'machine' });
    expect(undocumented('win_environment', r)).toEqual([]);
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['before_value', 'value', 'values']));
    expect(r).not.toHaveProperty('env_values');
  });

  it("win_service_info: every service field is documented, state and service_type among the values RETURN names", async () => {
    const r = await task('win_service_info', {});
    expect(undocumented('win_service_info', r)).toEqual([]);
    const contains = docs.win_service_info?.services?.contains ?? {};
    const services = r.services as Record<string, unknown>[];
    expect(services.length).toBeGreaterThan(5);
    const stateDoc = contains.state?.values ?? [];
    const typeDoc = contains.service_type?.values ?? [];
    expect(stateDoc).toEqual(['stopped', 'start_pending', 'stop_pending', 'started', 'continue_pending', 'pause_pending', 'paused']);
    expect(typeDoc).toEqual(['win32_own_process', 'win32_share_process', 'user_own_process', 'user_share_process', 'kernel_driver']);
    for (const s of services) {
      expect(stateDoc, String(s.name)).toContain(s.state);
      expect(typeDoc, String(s.name)).toContain(s.service_type);
    }
    expect(services.map((s) => s.state)).toEqual(expect.arrayContaining(['started', 'stopped']));
    expect(services.map((s) => s.service_type)).toEqual(expect.arrayContaining(['win32_own_process']));
  });

  it('win_copy returns the checksum in check mode, and only documented keys', async () => {
    await task('win_file', { path: 'C:\\RetDocs', state: 'directory' });
    const args = { content: 'return docs\r\n', dest: 'C:\\RetDocs\\a.txt' };
    const check = await winCopy(args, true);
    expect(check).toMatchObject({ changed: true, checksum: createHash('sha1').update('return docs\r\n').digest('hex') });
    expect(undocumented('win_copy', check)).toEqual([]);
    const apply = await winCopy(args, false);
    expect(apply).toMatchObject({ changed: true, checksum: check.checksum });
    expect(undocumented('win_copy', apply)).toEqual([]);
  });

  it('win_reg_stat, win_find, win_tempfile, slurp, win_path, win_hosts, win_dns_client, win_powershell, win_feature, win_updates, and win_user, win_service, win_regedit, win_file, win_stat, win_command, win_shell return documented keys only', async () => {
    const runs: [string, Record<string, unknown>, { check?: boolean }?][] = [
      ['win_reg_stat', { path: 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion' }],
      ['win_reg_stat', { path: 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', name: 'ProductName' }],
      ['win_find', { paths: ['C:\\RetDocs'] }],
      ['win_tempfile', {}],
      ['slurp', { src: 'C:\\RetDocs\\a.txt' }],
      ['win_path', { elements: ['C:\\RetDocs'] }],
      ['win_hosts', { ip_address: '10.9.9.9', canonical_name: 'retdocs.example' }],
      ['win_dns_client', { adapter_names: '*', dns_servers: ['10.9.9.1'] }],
      ['win_powershell', { script: '"out"; Write-Warning "w"' }],
      ['win_feature', { name: 'Telnet-Client' }, { check: true }],
      ['win_updates', { state: 'searched' }],
      // The modules whose options issue 14 names.
      ['win_user', { name: 'retuser', password: 'Ret!Docs2345', home_directory: 'C:\\Users\\retuser', login_script: 'logon.cmd', profile: 'C:\\Profiles\\retuser' }],
      ['win_user', { name: 'retuser', state: 'query' }],
      ['win_service', { name: 'RetDocsSvc', path: '%SystemRoot%\\System32\\svchost.exe -k netsvcs', error_control: 'ignore', sid_info: 'unrestricted' }],
      ['win_service', { name: 'Spooler' }],
      ['win_regedit', { path: 'HKLM:\\SOFTWARE\\RetDocs', name: 'v', data: 1, type: 'dword' }],
      ['win_file', { dest: 'C:\\RetDocs\\sub', state: 'directory' }],
      ['win_stat', { path: 'C:\\RetDocs\\a.txt' }],
      ['win_command', { cmd: 'whoami' }],
      ['win_shell', { cmd: 'Write-Output hi' }],
    ];
    const found: string[] = [];
    for (const [module, args, opts] of runs) {
      const r = await task(module, args, opts ?? {});
      expect(r.failed ?? false, `${module} ${JSON.stringify(r)}`).toBe(false);
      found.push(...undocumented(module, r).map((k) => `${module}: ${k}`));
    }
    expect(found).toEqual([]);
  });
});
