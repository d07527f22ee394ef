/**
 * Interop: module arguments are converted as Ansible converts them. For Windows modules the oracle is Ansible's
 * own code: module_utils/csharp/Ansible.Basic.cs from the installed ansible 2.14, compiled in pwsh, run with the
 * argument spec of the ansible.windows module of the same name (its `$spec`, read from its .ps1). Each case's
 * arguments go through both; Ansible's converted parameters must equal ours, and where Ansible refuses a value
 * its message must be ours word for word. For controller modules (the 'python' flavour) the oracle is
 * ansible-core's ArgumentSpecValidator (common/arg_spec.py, common/validation.py) run on the same spec.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, coerceArgs, coerceModuleArgs } from '../../src/modules/arg-coerce.ts';
import { optionSpecs, type OptionSpec } from '../../src/modules/arg-spec.ts';
import { findModule } from '../../src/modules/registry.ts';
import { findPowerShell } from '../../src/sim/runner/find-pwsh.ts';

const run = promisify(execFile);
const ANSIBLE = '/usr/lib/python3/dist-packages/ansible';
const BASIC_CS = join(ANSIBLE, 'module_utils/csharp/Ansible.Basic.cs');
const WIN_MODULES = '/usr/lib/python3/dist-packages/ansible_collections/ansible/windows/plugins/modules';
const HARNESS = fileURLToPath(new URL('./ansible-basic/convert-args.ps1', import.meta.url));
const PY_HARNESS = fileURLToPath(new URL('./ansible-basic/validate-args.py', import.meta.url));
/** Debian's python3, where ansible-core 2.14 is installed (not a pyenv shim first on PATH). */
const PYTHON = '/usr/bin/python3';

const available = existsSync(BASIC_CS) && existsSync(WIN_MODULES);
if (!available && process.env.CI) throw new Error('ansible 2.14 and ansible.windows (Debian ansible) are required in CI');

interface Case {
  module: string;
  args: Record<string, unknown>;
}

const BOOLS = ['yes', 'YES', 'Yes', 'no', 'on', 'Off', 'true', 'False', 'TRUE', 'y', 'N', 't', 'f', '1', '0', ' yes ', 1, 0, true, false, 'maybe', 2, '1.0', '0.0'];

/** Every case runs through Ansible.Basic; those it refuses must be refused by us with the same text. */
const CASES: Case[] = [
  // list from a comma-separated string (trimmed), from one word, from an int; elements str.
  { module: 'win_user', args: { name: 'bob', groups: 'Guests' } },
  { module: 'win_user', args: { name: 'bob', groups: 'Guests, Users ,Administrators' } },
  { module: 'win_user', args: { name: 'bob', groups: ['Guests', 5] } },
  { module: 'win_user', args: { name: 'bob', groups: 5 } },
  { module: 'win_user', args: { name: 'bob', groups: true } },
  { module: 'win_user', args: { name: 'bob', groups: { a: 1 } } },
  { module: 'win_service', args: { name: 'svc', dependencies: 'RpcSs,LanmanServer' } },
  { module: 'win_command', args: { argv: 'whoami, /all' } },
  // bool from every spelling
  ...BOOLS.map((b) => ({ module: 'win_user', args: { name: 'bob', account_disabled: b } })),
  { module: 'win_service', args: { name: 'svc', force_dependent_services: 'yes' } },
  { module: 'win_stat', args: { path: 'C:\\x', get_checksum: 'no' } },
  // int from a numeric string, refused for text, fractions and booleans
  { module: 'win_uri', args: { url: 'http://x', url_timeout: '30' } },
  { module: 'win_uri', args: { url: 'http://x', url_timeout: ' -5 ' } },
  { module: 'win_uri', args: { url: 'http://x', url_timeout: 30 } },
  // str from numbers and booleans
  { module: 'win_user', args: { name: 5 } },
  { module: 'win_user', args: { name: 'bob', description: true } },
  { module: 'win_user', args: { name: 'bob', fullname: 1.5 } },
  // dict from k=v text and JSON text; refused otherwise
  { module: 'win_uri', args: { url: 'http://x', headers: 'X-A=1, X-B="two words"' } },
  { module: 'win_uri', args: { url: 'http://x', headers: '{"X-A": "1"}' } },
  { module: 'win_uri', args: { url: 'http://x', headers: 'plain' } },
  { module: 'win_uri', args: { url: 'http://x', headers: 5 } },
  { module: 'win_environment', args: { level: 'machine', variables: 'A=1 B=2' } },
  // choices: case-insensitive in Ansible.Basic, Ansible's message otherwise
  { module: 'win_user', args: { name: 'bob', state: 'sideways' } },
  { module: 'win_user', args: { name: 'bob', state: 'Present' } },
  { module: 'win_service', args: { name: 'svc', start_mode: 'AUTO' } },
  { module: 'win_service', args: { name: 'svc', state: 'running' } },
  { module: 'win_environment', args: { level: 'everywhere', name: 'A', value: 'b' } },
  // win_uri status_code (list, elements int): one int, a comma string, a list with a numeric string
  { module: 'win_uri', args: { url: 'http://x', status_code: 201 } },
  { module: 'win_uri', args: { url: 'http://x', status_code: '200, 201' } },
  { module: 'win_uri', args: { url: 'http://x', status_code: [200, '404'] } },
  // win_get_url (ansible.windows 1.14's spec plus the web request fragment)
  { module: 'win_get_url', args: { url: 'http://x/a.zip', dest: 'C:\\a.zip', force: 'no', validate_certs: 'off', use_proxy: 0 } },
  { module: 'win_get_url', args: { url: 'http://x/a.zip', dest: 'C:\\a.zip', url_timeout: '10', maximum_redirection: ' 3 ' } },
  { module: 'win_get_url', args: { url: 'http://x/a.zip', dest: 'C:\\a.zip', checksum_algorithm: 'SHA256', follow_redirects: 'ALL' } },
  { module: 'win_get_url', args: { url: 'http://x/a.zip', dest: 'C:\\a.zip', checksum_algorithm: 'crc32' } },
  { module: 'win_get_url', args: { url: 'http://x/a.zip', dest: 'C:\\a.zip', headers: 'X-A=1, Accept=text/plain', force_basic_auth: 'yes' } },
  { module: 'win_get_url', args: { url: 'http://x/a.zip', dest: 'C:\\a.zip', checksum: 1234 } },
  // win_regedit data (raw): taken as given, whatever its type; the module converts it per `type`
  { module: 'win_regedit', args: { path: 'HKLM:\\SOFTWARE\\x', name: 'v', data: [1, '0x02'], type: 'binary' } },
  { module: 'win_regedit', args: { path: 'HKLM:\\SOFTWARE\\x', name: 'v', data: 5, type: 'string' } },
  { module: 'win_regedit', args: { path: 'HKLM:\\SOFTWARE\\x', name: 'v', data: '0xff', type: 'dword' } },
];

/**
 * int parse failures: Ansible.Basic passes on .NET's FormatException text, which differs by runtime — pwsh 7 (.NET
 * Core) says "The input string 'abc' was not in a correct format.", Windows PowerShell 5.1 (.NET Framework, what
 * a Windows host runs) "Input string was not in a correct format.". Only the part before it is compared; ours is
 * the .NET Framework text.
 */
const RUNTIME_TEXT: Case[] = [
  { module: 'win_uri', args: { url: 'http://x', url_timeout: 'abc' } },
  { module: 'win_uri', args: { url: 'http://x', url_timeout: '1.5' } },
  { module: 'win_uri', args: { url: 'http://x', url_timeout: true } },
  { module: 'win_uri', args: { url: 'http://x', status_code: 'ok' } },
];

interface Theirs {
  params?: Record<string, unknown>;
  msg?: string;
}

function ours(c: Case): Theirs {
  const def = findModule(c.module);
  if (!def) throw new Error(`no module ${c.module}`);
  try {
    return { params: coerceModuleArgs(def, c.args) as Record<string, unknown> };
  } catch (e) {
    if (e instanceof ArgumentError) return { msg: e.message };
    throw e;
  }
}

/** A choice keeps its case in Ansible.Basic (the module compares ignoring case); winbook spells it as the choice. */
function comparable(module: string, params: Record<string, unknown>): Record<string, unknown> {
  const specs = optionSpecs(findModule(module)?.schema ?? ({} as never)) ?? {};
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, specs[k]?.choices && typeof v === 'string' ? v.toLowerCase() : v]));
}

describe.skipIf(!available)('module arguments are converted as Ansible.Basic converts them', () => {
  let theirs: Theirs[] = [];
  let dir = '';
  const all = [...CASES, ...RUNTIME_TEXT];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'winbook-argconv-'));
    const file = join(dir, 'cases.json');
    await writeFile(file, JSON.stringify(all.map((c) => ({ module: join(WIN_MODULES, `${c.module}.ps1`), args: c.args }))));
    const ps = await findPowerShell();
    const { stdout } = await run(ps.path, ['-NoProfile', '-NonInteractive', '-File', HARNESS, BASIC_CS, file], { maxBuffer: 16 * 1024 * 1024 });
    theirs = stdout.trim().split('\n').map((l) => JSON.parse(l) as Theirs);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('ran every case through Ansible.Basic', () => {
    expect(theirs).toHaveLength(all.length);
    // Both outcomes are exercised: conversions and refusals.
    expect(theirs.filter((t) => t.msg).length).toBeGreaterThanOrEqual(10);
    expect(theirs.filter((t) => t.params).length).toBeGreaterThanOrEqual(25);
  });

  it('converts or refuses every value as Ansible does, with its message', () => {
    const mismatches: string[] = [];
    CASES.forEach((c, i) => {
      const a = theirs[i] as Theirs;
      const o = ours(c);
      const what = `${c.module} ${JSON.stringify(c.args)}`;
      if (a.msg !== undefined) {
        if (o.msg !== a.msg) mismatches.push(`${what}: Ansible: ${a.msg} | winbook: ${o.msg ?? `accepted ${JSON.stringify(o.params)}`}`);
      } else if (o.msg !== undefined) {
        mismatches.push(`${what}: Ansible gave ${JSON.stringify(a.params)} | winbook refused: ${o.msg}`);
      } else if (JSON.stringify(comparable(c.module, o.params ?? {})) !== JSON.stringify(comparable(c.module, a.params ?? {}))) {
        // Key order is ours; compare per key.
        const ka = comparable(c.module, a.params ?? {});
        const ko = comparable(c.module, o.params ?? {});
        for (const k of Object.keys(c.args)) {
          if (JSON.stringify(ka[k]) !== JSON.stringify(ko[k])) mismatches.push(`${what}: ${k}: Ansible ${JSON.stringify(ka[k])} | winbook ${JSON.stringify(ko[k])}`);
        }
      }
    });
    expect(mismatches).toEqual([]);
  });

  it('refuses what Ansible refuses for an int, with the text a Windows host (.NET Framework) gives', () => {
    RUNTIME_TEXT.forEach((c, i) => {
      const a = theirs[CASES.length + i] as Theirs;
      const o = ours(c);
      const prefix = (a.msg ?? '').split(': ')[0] as string;
      expect(prefix).toMatch(/^argument for (list entry )?\w+ is of type System\.\w+ and we were unable to convert to int$/);
      expect(o.msg).toBe(`${prefix}: Input string was not in a correct format.`);
    });
  });
});

const spec = (type: OptionSpec['type'], more: Partial<OptionSpec> = {}): OptionSpec => ({ type, required: false, ...more });

/** Controller-side cases: one option each, the spec given to both sides. */
const PY_CASES: { spec: Record<string, OptionSpec>; args: Record<string, unknown>; prefixOnly?: boolean }[] = [
  ...['2', ' 7 ', '-3', '1_000', 'x', 1.5, '1.5'].map((v) => ({ spec: { n: spec('int') }, args: { n: v } })),
  ...['a, b', 'one', 5, 1.5, true, { a: 1 }].map((v) => ({ spec: { l: spec('list', { elements: spec('str') }) }, args: { l: v } })),
  { spec: { l: spec('list', { elements: spec('str') }) }, args: { l: ['a', 5, true] } },
  { spec: { l: spec('list', { elements: spec('int') }) }, args: { l: ['1', 2, 'x'] } },
  ...['Yes', 'on', 'OFF', '1', '0', 1, 0, 't', 'n', ' true '].map((v) => ({ spec: { b: spec('bool') }, args: { b: v } })),
  // Python lists the valid booleans from a frozenset: their order changes from run to run.
  ...['maybe', 2].map((v) => ({ spec: { b: spec('bool') }, args: { b: v }, prefixOnly: true })),
  ...[5, true, 1.5].map((v) => ({ spec: { s: spec('str') }, args: { s: v } })),
  ...['a=1 b=2', 'a=1, b="x y"', '{"a": 1}', 'plain', 5].map((v) => ({ spec: { d: spec('dict') }, args: { d: v } })),
  ...['a', 'A', 'c'].map((v) => ({ spec: { s: spec('str', { choices: ['a', 'b'] }) }, args: { s: v } })),
  ...['1.5', '2', 'x'].map((v) => ({ spec: { f: spec('float') }, args: { f: v } })),
];

function ansibleSpec(s: Record<string, OptionSpec>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(s).map(([k, o]) => [k, { type: o.type, ...(o.elements ? { elements: o.elements.type } : {}), ...(o.choices ? { choices: o.choices } : {}) }]),
  );
}

const pyAvailable = existsSync(PYTHON) && existsSync(ANSIBLE);

describe.skipIf(!pyAvailable)('controller module arguments are converted as ansible-core\'s ArgumentSpecValidator converts them', () => {
  let theirs: Theirs[] = [];
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'winbook-argconv-py-'));
    const file = join(dir, 'cases.json');
    await writeFile(file, JSON.stringify(PY_CASES.map((c) => ({ spec: ansibleSpec(c.spec), args: c.args }))));
    const { stdout } = await run(PYTHON, [PY_HARNESS, file]);
    theirs = stdout.trim().split('\n').map((l) => JSON.parse(l) as Theirs);
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('converts or refuses every value as Ansible does, with its message', () => {
    expect(theirs).toHaveLength(PY_CASES.length);
    const mismatches: string[] = [];
    PY_CASES.forEach((c, i) => {
      const a = theirs[i] as Theirs;
      let o: Theirs;
      try {
        o = { params: coerceArgs(c.args, c.spec, 'python') };
      } catch (e) {
        if (!(e instanceof ArgumentError)) throw e;
        o = { msg: e.message };
      }
      const what = JSON.stringify(c.args);
      if (a.msg !== undefined) {
        const cut = (m: string | undefined) => (c.prefixOnly ? m?.split('Valid booleans include:')[0] : m);
        if (cut(o.msg) !== cut(a.msg)) mismatches.push(`${what}: Ansible: ${a.msg} | winbook: ${o.msg ?? `accepted ${JSON.stringify(o.params)}`}`);
      } else if (o.msg !== undefined) mismatches.push(`${what}: Ansible gave ${JSON.stringify(a.params)} | winbook refused: ${o.msg}`);
      else if (JSON.stringify(o.params) !== JSON.stringify(a.params)) mismatches.push(`${what}: Ansible ${JSON.stringify(a.params)} | winbook ${JSON.stringify(o.params)}`);
    });
    expect(mismatches).toEqual([]);
    expect(theirs.filter((t) => t.msg).length).toBeGreaterThanOrEqual(8);
  });
});
