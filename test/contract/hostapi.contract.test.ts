/**
 * The host façade's contract, pinned (docs/agent.md, "The host façade"): every verb in src/hostapi/contract has a
 * simulator handler and a Windows function with exactly the spec's parameters; the generated simulator binding
 * parses; and no module script calls anything but the language's pure cmdlets, its own helpers and façade verbs —
 * checked with PowerShell's own parser, so a stray Windows call is found before any rehearsal.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_SOURCE } from '../../src/agent/bootstrap.ts';
import { VERBS } from '../../src/hostapi/contract.ts';
import { allModules } from '../../src/modules/registry.ts';
import { asyncJob } from '../../src/modules/async_status/job.ts';
import { ALLOWED_CMDLETS } from '../../src/sim/runner/allowed-cmdlets.ts';
import { simBinding } from '../../src/sim/runner/binding.ts';
import { findPowerShellSync } from '../../src/sim/runner/find-pwsh.ts';
import { simVerbNames } from '../../src/sim/windows/index.ts';

interface Parsed {
  errors: string[];
  functions: Record<string, { params: { name: string; mandatory: boolean }[] }>;
  commands: string[];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WINDOWS_DIR = join(ROOT, 'src/hostapi/windows');
// PowerShell's language keywords that the parser reports as commands in some positions, and the JSON proxies.
const LANGUAGE = new Set(['ConvertFrom-Json', 'ConvertTo-Json', 'ForEach-Object', 'Where-Object', '%', '?', 'foreach', 'where']);

describe('host façade contract', () => {
  const parsed: Record<string, Parsed> = {};
  const moduleFiles: Record<string, string> = {};

  beforeAll(() => {
    const pwsh = findPowerShellSync();
    if (!pwsh) throw new Error('pwsh is needed for the façade contract suite (npm install fetches it)');
    const dir = mkdtempSync(join(tmpdir(), 'winbook-contract-'));
    const paths = readdirSync(WINDOWS_DIR).filter((f) => f.endsWith('.ps1')).map((f) => join(WINDOWS_DIR, f));
    for (const m of [...allModules(), asyncJob]) {
      if (m.kind !== 'agent' || m.script === undefined) continue;
      const p = join(dir, `${m.name}.ps1`);
      writeFileSync(p, m.script);
      moduleFiles[m.name] = p;
      paths.push(p);
    }
    // A seeded bad module, so the stray-call check is shown to find what it looks for.
    const seeded = join(dir, 'seeded-bad.ps1');
    writeFileSync(seeded, "function Get-Own { 1 }\n$s = Get-Service -Name Spooler\nsc.exe query | Out-Null\nGet-WbNoSuchVerb\nGet-Own\n@{ changed = $false }\n");
    paths.push(seeded);
    moduleFiles.seeded = seeded;
    const bootstrap = join(dir, 'bootstrap.ps1');
    writeFileSync(bootstrap, BOOTSTRAP_SOURCE);
    const binding = join(dir, 'binding.ps1');
    writeFileSync(binding, simBinding('s1'));
    paths.push(bootstrap, binding);
    const json = execFileSync(pwsh.path, ['-NoProfile', '-NonInteractive', '-File', join(ROOT, 'test/contract/ps-ast.ps1')], { input: paths.join('\n'), encoding: 'utf8', maxBuffer: 64 << 20 });
    Object.assign(parsed, JSON.parse(json) as Record<string, Parsed>);
    parsed.bootstrap = parsed[bootstrap]!;
    parsed.binding = parsed[binding]!;
  }, 60_000);

  const windowsFunctions = () => {
    const all: Parsed['functions'] = {};
    for (const [path, p] of Object.entries(parsed)) if (path.startsWith(WINDOWS_DIR)) Object.assign(all, p.functions);
    return all;
  };

  it('every verb has a simulator handler, and every handler a verb', () => {
    expect(simVerbNames().sort()).toEqual([...VERBS.keys()].sort());
  });

  it('every verb has a Windows function with exactly the spec\'s parameters, mandatory where the spec requires them', () => {
    const fns = windowsFunctions();
    for (const [verb, spec] of VERBS) {
      const fn = fns[verb];
      expect(fn, `${verb} has no function in src/hostapi/windows`).toBeDefined();
      const declared = Object.fromEntries(fn!.params.map((p) => [p.name.toLowerCase(), p.mandatory]));
      const wanted = Object.fromEntries(Object.entries(spec.params).map(([n, p]) => [n.toLowerCase(), Boolean(p.required)]));
      expect(declared, verb).toEqual(wanted);
    }
  });

  it('the Windows façade, the bootstrap and the generated binding parse without errors', () => {
    for (const [path, p] of Object.entries(parsed)) expect(p.errors, path).toEqual([]);
    for (const verb of VERBS.keys()) expect(parsed.binding!.functions[verb], verb).toBeDefined();
  });

  it('the bootstrap calls only façade verbs for Windows (uploads, environment), besides its own functions', () => {
    // Expand-WbPacked unpacks the façade itself, so it cannot be a façade verb: it is the bootstrap's own function,
    // plain .NET (GZipStream) that runs the same on Windows and in the simulator's pwsh.
    const own = new Set(Object.keys(parsed.bootstrap!.functions).map((f) => f.toLowerCase()));
    expect(own.has('expand-wbpacked')).toBe(true);
    const wb = parsed.bootstrap!.commands.filter((c) => /-Wb/.test(c) && !own.has(c.toLowerCase()));
    expect(wb.length).toBeGreaterThan(0);
    for (const c of wb) expect(VERBS.has(c), c).toBe(true);
  });

  const strayCalls = (modules: Record<string, string>): string[] => {
    const allowed = new Set([...ALLOWED_CMDLETS, ...LANGUAGE].map((c) => c.toLowerCase()));
    const stray: string[] = [];
    for (const [module, path] of Object.entries(modules)) {
      const p = parsed[path]!;
      const own = new Set(Object.keys(p.functions).map((f) => f.toLowerCase()));
      for (const c of p.commands) {
        const name = c.toLowerCase();
        if (allowed.has(name) || own.has(name) || VERBS.has(c)) continue;
        // A script path or a variable holding a scriptblock (& $sb) is not a command name.
        if (c.startsWith('$')) continue;
        stray.push(`${module}: ${c}`);
      }
    }
    return stray;
  };

  it('module scripts call only pure cmdlets, their own functions and façade verbs', () => {
    const { seeded, ...modules } = moduleFiles;
    expect(strayCalls({ seeded: seeded! })).toEqual(['seeded: Get-Service', 'seeded: Get-WbNoSuchVerb', 'seeded: sc.exe']);
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(20);
    expect(strayCalls(modules)).toEqual([]);
  });
});
