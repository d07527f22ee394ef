/**
 * Interop: every option and alias of every ansible.windows 1.14 module winbook ships is accepted by winbook's
 * schema, or listed below as refused with the reason. The options are read from the modules' own sources (the
 * `$spec` of an Ansible.Basic module, with the web request fragment merged as Ansible.Basic merges it; the
 * Get-AnsibleParam calls of a legacy one) by ansible-basic/list-options.ps1, so a new 1.14 option or a dropped
 * winbook one fails here. The table of what is accepted and refused is printed with the test's output.
 *
 * An option given together with its alias: Ansible.Basic takes both without a word and keeps the alias's value
 * (GetAliases: `parameters[k] = parameters[alias]`); winbook refuses the pair at load. The Ansible.Basic half is
 * checked here against Ansible.Basic.cs itself, through ansible-basic/convert-args.ps1.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, coerceModuleArgs } from '../../src/modules/arg-coerce.ts';
import { objectShape, optionSpecs, type OptionSpec } from '../../src/modules/arg-spec.ts';
import { NEWER_OPTIONS } from '../../src/modules/newer-options.ts';
import { aliasConflictText } from '../../src/modules/option-alias.ts';
import { allModules, findModule } from '../../src/modules/registry.ts';
import { findPowerShell } from '../../src/sim/runner/find-pwsh.ts';

const run = promisify(execFile);
const BASIC_CS = '/usr/lib/python3/dist-packages/ansible/module_utils/csharp/Ansible.Basic.cs';
const WIN_MODULES = '/usr/lib/python3/dist-packages/ansible_collections/ansible/windows/plugins/modules';
const LIST = fileURLToPath(new URL('./ansible-basic/list-options.ps1', import.meta.url));
const CONVERT = fileURLToPath(new URL('./ansible-basic/convert-args.ps1', import.meta.url));

const available = existsSync(BASIC_CS) && existsSync(WIN_MODULES);
if (!available && process.env.CI) throw new Error('ansible 2.14 and ansible.windows (Debian ansible) are required in CI');

/** 1.14 options winbook refuses on purpose (unknown argument, or refused by the option's own schema), and why. */
const REFUSED: Record<string, Record<string, string>> = {
  setup: { fact_path: 'local facts files are not read (docs/compatibility.md, "Facts")' },
  win_acl: { follow: "a link's own ACL is changed (1.14's default, follow: false); following it is not supported" },
  win_command: { output_encoding_override: 'output is decoded with the console (OEM) code page the child writes, as the façade starts every process' },
  win_shell: {
    no_profile: 'the script runs without a profile always (the façade starts powershell.exe with -NoProfile)',
    output_encoding_override: 'as win_command',
  },
  win_copy: {
    files: "internal: set by 1.14's action plugin for a folder copy, not by a task",
    directories: "internal: set by 1.14's action plugin for a folder copy, not by a task",
  },
  win_dns_client: { log_path: 'no debug log (docs/compatibility.md, win_dns_client)' },
  win_powershell: {
    arguments: 'the script runs in a runspace of the agent, not another PowerShell process (docs/compatibility.md, win_powershell)',
    chdir: 'as arguments',
    executable: 'as arguments',
  },
  win_stat: {
    follow: "a link is reported as the link (1.14's default, follow: false); following it is not supported",
    get_size: "a folder's size is always summed (1.14's default, get_size: true); turning it off is not supported",
  },
  win_uri: {
    client_cert: 'client certificates are not supported',
    client_cert_password: 'client certificates are not supported',
    dest: 'the response body is not saved to a file (use win_get_url)',
    maximum_redirection: 'not in winbook\'s win_uri: at most 50 redirects, as 1.14\'s default',
    proxy_password: 'explicit proxies are not supported',
    proxy_url: 'explicit proxies are not supported',
    proxy_use_default_credential: 'explicit proxies are not supported',
    proxy_username: 'explicit proxies are not supported',
    use_default_credential: 'the agent\'s Windows credentials are not sent to web servers',
    use_proxy: 'not in winbook\'s win_uri: the system proxy is always used, as 1.14\'s default',
  },
};

interface Option {
  name: string;
  aliases: string[];
  options?: Option[];
}
interface ModuleOptions {
  module: string;
  kind: 'basic' | 'legacy';
  options: Option[];
}

/** Whether winbook's schema takes `name` at this level: present, and not a `refused()` placeholder (win_get_url). */
function accepted(specs: Record<string, OptionSpec>, shape: Record<string, { description?: string }> | undefined, name: string): boolean {
  if (!specs[name]) return false;
  return !(shape?.[name]?.description ?? '').startsWith('Not supported');
}

interface Row {
  module: string;
  kind: string;
  options: number;
  aliases: number;
  accepted: string[];
  refused: string[];
  missing: string[];
}

function compare(m: ModuleOptions): Row {
  const def = findModule(m.module);
  if (!def) throw new Error(`winbook has no ${m.module}`);
  const row: Row = { module: m.module, kind: m.kind, options: 0, aliases: 0, accepted: [], refused: [], missing: [] };
  const refused = REFUSED[m.module] ?? {};
  const walk = (opts: Option[], specs: Record<string, OptionSpec>, shape: Record<string, { description?: string }> | undefined, prefix: string): void => {
    for (const o of opts) {
      row.options++;
      row.aliases += o.aliases.length;
      for (const name of [o.name, ...o.aliases]) {
        const path = prefix + name;
        const label = name === o.name ? path : `${path} (alias of ${o.name})`;
        if (accepted(specs, shape, name)) {
          row.accepted.push(label);
          // The alias must stand for the same option here.
          if (name !== o.name && specs[name]?.aliasOf !== o.name && !(specs[o.name]?.aliasOf === name)) row.missing.push(`${label}: winbook takes it, but not as an alias of ${o.name}`);
          const sub = specs[name]?.options ?? specs[name]?.elements?.options;
          if (o.options && name === o.name) walk(o.options, sub ?? {}, undefined, `${path}.`);
        } else if (refused[path]) row.refused.push(`${label}: ${refused[path]}`);
        else if (specs[name] && shape?.[name]?.description) row.refused.push(`${label}: ${shape[name].description}`);
        else row.missing.push(label);
      }
    }
  };
  const shape = objectShape(def.schema) as Record<string, { description?: string }> | undefined;
  walk(m.options, optionSpecs(def.schema) ?? {}, shape, '');
  return row;
}

describe.skipIf(!available)("winbook takes every option and alias of ansible.windows 1.14's modules it ships", () => {
  let theirs: ModuleOptions[] = [];
  const shipped = allModules()
    .map((d) => d.name)
    .filter((n) => existsSync(join(WIN_MODULES, `${n}.ps1`)));

  beforeAll(async () => {
    const ps = await findPowerShell();
    const { stdout } = await run(ps.path, ['-NoProfile', '-NonInteractive', '-File', LIST, ...shipped.map((n) => join(WIN_MODULES, `${n}.ps1`))], { maxBuffer: 16 * 1024 * 1024 });
    theirs = stdout.trim().split('\n').map((l) => JSON.parse(l) as ModuleOptions);
  }, 120_000);

  it('read the options of every shipped module from its 1.14 source', () => {
    expect(theirs.map((t) => t.module)).toEqual(shipped);
    expect(shipped.length).toBeGreaterThanOrEqual(25);
    // win_service's aliases, one of them a sub-option's, are among what was read.
    const svc = theirs.find((t) => t.module === 'win_service')!;
    expect(svc.options.find((o) => o.name === 'failure_reset_period_sec')?.aliases).toEqual(['failure_reset_period']);
    expect(svc.options.find((o) => o.name === 'failure_actions')?.options?.find((o) => o.name === 'delay_ms')?.aliases).toEqual(['delay']);
  });

  it('accepts each option and alias, or refuses it with a reason listed here', () => {
    const rows = theirs.map(compare);
    const table = [
      '| module | 1.14 spec | options | aliases | accepted | refused on purpose |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.module} | ${r.kind} | ${r.options} | ${r.aliases} | ${r.accepted.length} | ${r.refused.join('; ') || '—'} |`),
    ];
    const total = rows.reduce((n, r) => n + r.options + r.aliases, 0);
    const ok = rows.reduce((n, r) => n + r.accepted.length, 0);
    console.log(`${table.join('\n')}\n\n${ok} of ${total} 1.14 option and alias names accepted; the rest refused with the reason above.`);
    expect(rows.flatMap((r) => r.missing.map((m) => `${r.module}: ${m}`))).toEqual([]);
  });

  it('lists as refused only what winbook does refuse', () => {
    const stale: string[] = [];
    for (const [module, entries] of Object.entries(REFUSED)) {
      const def = findModule(module)!;
      const specs = optionSpecs(def.schema) ?? {};
      const shape = objectShape(def.schema) as Record<string, { description?: string }> | undefined;
      for (const name of Object.keys(entries)) if (accepted(specs, shape, name)) stale.push(`${module}.${name}`);
    }
    expect(stale).toEqual([]);
  });

  it('refuses the options later releases added (issue 14: win_group members, win_user account_expires) because 1.14 has none of them', () => {
    const listed = Object.entries(NEWER_OPTIONS).flatMap(([module, opts]) => Object.keys(opts).map((o) => [module, o] as const));
    expect(listed.map(([m, o]) => `${m}.${o}`)).toEqual(expect.arrayContaining(['win_group.members', 'win_user.account_expires']));
    for (const [module, option] of listed) {
      const in114 = theirs.find((t) => t.module === module);
      expect(in114, module).toBeDefined();
      // Not an option or an alias of the module as 1.14's source declares it…
      expect(in114!.options.flatMap((o) => [o.name, ...o.aliases]), `${module}.${option}`).not.toContain(option);
      // …and not in winbook's schema, so the loader's refusal (newerOptionText) is what a playbook meets.
      expect(optionSpecs(findModule(module)!.schema)?.[option], `${module}.${option}`).toBeUndefined();
    }
  });
});

interface Converted {
  params?: Record<string, unknown>;
  msg?: string;
}

/** Aliases through Ansible.Basic and through winbook's conversion: the option gets the alias's value. */
const ALIAS_CASES = [
  { module: 'win_service', args: { name: 'svc', failure_reset_period: '86400' }, option: 'failure_reset_period_sec' },
  { module: 'win_service', args: { name: 'svc', pre_shutdown_timeout: 180000 }, option: 'pre_shutdown_timeout_ms' },
  { module: 'win_service', args: { name: 'svc', failure_actions: [{ type: 'restart', delay: '5000' }] }, option: 'failure_actions' },
  { module: 'win_regedit', args: { key: 'HKLM:\\SOFTWARE\\x', value: 'v', datatype: 'dword', data: 1 }, option: 'path' },
  { module: 'win_stat', args: { dest: 'C:\\x' }, option: 'path' },
  { module: 'win_get_url', args: { url: 'http://x/a', dest: 'C:\\a', timeout: '5' }, option: 'url_timeout' },
];
/** An option with its alias: Ansible.Basic keeps the alias's value and says nothing. */
const BOTH_CASES = [
  { module: 'win_service', args: { name: 'svc', failure_reset_period_sec: 60, failure_reset_period: 120 }, option: 'failure_reset_period_sec', alias: 'failure_reset_period' },
  { module: 'win_regedit', args: { path: 'HKLM:\\SOFTWARE\\x', key: 'HKLM:\\SOFTWARE\\y' }, option: 'path', alias: 'key' },
];

function ours(module: string, args: Record<string, unknown>): Converted {
  try {
    return { params: coerceModuleArgs(findModule(module)!, args) as Record<string, unknown> };
  } catch (e) {
    if (e instanceof ArgumentError) return { msg: e.message };
    throw e;
  }
}

describe.skipIf(!available)('aliases as Ansible.Basic resolves them', () => {
  let theirs: Converted[] = [];
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'winbook-aliases-'));
    const file = join(dir, 'cases.json');
    const cases = [...ALIAS_CASES, ...BOTH_CASES].map((c) => ({ module: join(WIN_MODULES, `${c.module}.ps1`), args: c.args, read: [c.option] }));
    await writeFile(file, JSON.stringify(cases));
    const ps = await findPowerShell();
    const { stdout } = await run(ps.path, ['-NoProfile', '-NonInteractive', '-File', CONVERT, BASIC_CS, file], { maxBuffer: 16 * 1024 * 1024 });
    theirs = stdout.trim().split('\n').map((l) => JSON.parse(l) as Converted);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('an alias alone gives its option the value Ansible.Basic gives it, and the alias itself is gone', () => {
    ALIAS_CASES.forEach((c, i) => {
      const a = theirs[i]!;
      expect(a.msg, c.module).toBeUndefined();
      const o = ours(c.module, c.args);
      const value = a.params?.[c.option];
      if (c.option === 'failure_actions') {
        // Ansible.Basic keeps the sub-option's alias key beside the option; the option's value is what counts.
        expect((value as Array<Record<string, unknown>>)[0]).toMatchObject({ type: 'restart', delay_ms: 5000 });
        expect(o.params?.[c.option]).toEqual([{ type: 'restart', delay_ms: 5000 }]);
      } else {
        expect(o.params?.[c.option], `${c.module} ${c.option}`).toEqual(value);
      }
      for (const k of Object.keys(c.args)) if (findModule(c.module) && optionSpecs(findModule(c.module)!.schema)?.[k]?.aliasOf) expect(o.params, k).not.toHaveProperty(k);
    });
  });

  it('an option with its alias: Ansible.Basic keeps the alias value silently; winbook refuses the pair, saying so', () => {
    BOTH_CASES.forEach((c, i) => {
      const a = theirs[ALIAS_CASES.length + i]!;
      expect(a.msg).toBeUndefined();
      expect(a.params?.[c.option]).toEqual(c.args[c.alias as keyof typeof c.args]);
      expect(ours(c.module, c.args).msg).toBe(aliasConflictText(c.option, c.alias));
    });
  });
});
