/**
 * The deprecations ansible.windows 1.14 reports for options a task writes: Ansible.Basic's `deprecated_aliases` in
 * each module's spec (`Alias 'user' is deprecated. See the module docs for more information`, with its date and
 * collection) and win_updates' action plugin (`display.deprecated("'whitelist' is deprecated. …")`). Every module
 * winbook ships must declare exactly those 1.14's source declares, read from the installed collection here; and a
 * task on a simulated host that writes one prints 1.14's `[DEPRECATION WARNING]` once on stderr.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EventBus } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { allModules } from '../../src/modules/registry.ts';
import type { Deprecation } from '../../src/modules/types.ts';
import { attachLineReporter, deprecationMessage } from '../../src/report/line-reporter.ts';
import { pyStrip, pyWrap } from '../../src/report/text-wrap.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { loopbackAddress, loopbackBlock } from '../helpers/addresses.ts';

const COLLECTION = '/usr/lib/python3/dist-packages/ansible_collections/ansible/windows/plugins';
const hasCollection = existsSync(COLLECTION);

/** 1.14's deprecations for one module, by option, from its spec's deprecated_aliases and its action plugin. */
function declaredBy114(module: string): Record<string, Deprecation> {
  const out: Record<string, Deprecation> = {};
  const ps1 = join(COLLECTION, 'modules', `${module}.ps1`);
  const text = existsSync(ps1) ? readFileSync(ps1, 'utf8') : '';
  const entry = /@\{\s*name\s*=\s*"(\w+)";\s*date\s*=\s*\[DateTime\]::ParseExact\("([\d-]+)",[^}]*?collection_name\s*=\s*'([\w.]+)'\s*\}/g;
  for (const m of text.matchAll(entry)) {
    out[m[1] as string] = { msg: `Alias '${m[1]}' is deprecated. See the module docs for more information`, date: m[2] as string, collection_name: m[3] as string };
  }
  const action = join(COLLECTION, 'action', `${module}.py`);
  const py = existsSync(action) ? readFileSync(action, 'utf8') : '';
  const loop = /for dep_arg in \[([^\]]+)\]:\s*\n\s*if dep_arg in self\._task\.args:\s*\n\s*dep_msg = "([^"]+)" % dep_arg\s*\n\s*display\.deprecated\(dep_msg, date="([\d-]+)", collection_name="([\w.]+)"\)/.exec(py);
  for (const name of loop ? [...(loop[1] as string).matchAll(/'(\w+)'/g)].map((x) => x[1] as string) : []) {
    out[name] = { msg: (loop?.[2] as string).replace('%s', name), date: loop?.[3] as string, collection_name: loop?.[4] as string };
  }
  return out;
}

/** One place 1.14's source reports a deprecation: the message with its format placeholders, and its date or version. */
interface Site {
  file: string;
  text: string;
  when: string | undefined;
}

/** The string literal (or the last literal assigned to the variable) passed first to a deprecation call at `at`. */
function firstArgText(source: string, at: number, argStart: number, py: boolean): string | undefined {
  const rest = source.slice(argStart);
  const literal = py ? /^\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/.exec(rest) : /^\s*(?:"((?:[^"`]|`.)*)"|'([^']*)')/.exec(rest);
  if (literal) return literal[1] ?? literal[2];
  const name = /^\s*\$?(\w+)/.exec(rest)?.[1];
  if (!name) return undefined;
  // The last assignment before the call: Python's may join literals over backslash-continued lines.
  const assign = py
    ? new RegExp(`\\b${name}\\s*=\\s*((?:"(?:[^"\\\\]|\\\\.)*"\\s*\\\\?\\s*)+)`, 'g')
    : new RegExp(`\\$${name}\\s*=\\s*(?:"((?:[^"\`]|\`.)*)"|'([^']*)')`, 'g');
  let found: string | undefined;
  for (const m of source.slice(0, at).matchAll(assign)) {
    found = py ? [...(m[1] as string).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]).join('') : (m[1] ?? m[2]);
  }
  return found;
}

/**
 * Every deprecation 1.14 can report for `module`, read from its source: `$module.Deprecate(` and
 * `Add-DeprecationWarning` in its module, `display.deprecated(` and `deprecate(` in its action plugin, and the spec's
 * `removed_in_version`/`removed_at_date` (Ansible.Basic's `Param 'X' is deprecated. …`). deprecated_aliases are
 * compared as data above.
 */
function deprecationSites114(module: string): Site[] {
  const sites: Site[] = [];
  const ps1 = join(COLLECTION, 'modules', `${module}.ps1`);
  const text = existsSync(ps1) ? readFileSync(ps1, 'utf8') : '';
  for (const m of text.matchAll(/\$module\.Deprecate\(/g)) {
    const line = text.slice(m.index, text.indexOf('\n', m.index));
    sites.push({ file: ps1, text: firstArgText(text, m.index, m.index + m[0].length, false) ?? '?', when: /ParseExact\("([\d-]+)"/.exec(line)?.[1] ?? /,\s*"([\d.]+)"/.exec(line)?.[1] });
  }
  for (const m of text.matchAll(/Add-DeprecationWarning[^\n]*?-message\s+(?:"([^"]*)"|'([^']*)')[^\n]*?(?:-version\s+["']?([\d.]+))?/gi)) {
    sites.push({ file: ps1, text: m[1] ?? m[2] ?? '?', when: m[3] });
  }
  for (const m of text.matchAll(/(\w+)\s*=\s*@\{[^}\n]*removed_(?:in_version\s*=\s*['"]([\d.]+)|at_date\s*=\s*\[DateTime\]::ParseExact\("([\d-]+)")/g)) {
    sites.push({ file: ps1, text: `Param '${m[1]}' is deprecated. See the module docs for more information`, when: m[2] ?? m[3] });
  }
  const action = join(COLLECTION, 'action', `${module}.py`);
  const py = existsSync(action) ? readFileSync(action, 'utf8') : '';
  for (const m of py.matchAll(/\b(?:display\.deprecated|deprecate)\(/g)) {
    const line = py.slice(m.index, py.indexOf('\n', m.index));
    sites.push({ file: action, text: firstArgText(py, m.index, m.index + m[0].length, true) ?? '?', when: /(?:date|version)="([\w.-]+)"/.exec(line)?.[1] });
  }
  return sites;
}

/** winbook's sources for a module: its folder (src/modules/NAME/), where its texts live. */
function winbookSource(module: string): string {
  const folder = fileURLToPath(new URL(`../../src/modules/${module}/`, import.meta.url));
  if (!existsSync(folder)) return '';
  return readdirSync(folder).filter((f) => /\.(ts|ps1)$/.test(f)).map((f) => readFileSync(join(folder, f), 'utf8')).join('\n');
}

describe("1.14's deprecations, audited from its source", () => {
  it.runIf(hasCollection)('each one a shipped module can report is reported by winbook with the same text and date', () => {
    const sites = Object.fromEntries(allModules().map((d) => [d.name, deprecationSites114(d.name)]));
    // The reader finds what is known to be there, so an empty list means "none", not "not read".
    expect(sites.win_regedit?.map((x) => [x.text, x.when])).toEqual([["path is not using '\\' as a separator, support for '/' as a separator will be removed in a future Ansible version", '2021-07-01']]);
    expect(sites.win_reboot?.map((x) => x.when)).toEqual(['2023-05-01']);
    expect(sites.win_reboot?.[0]?.text).toMatch(/^Host was unreachable but is being skipped because ignore_errors=True is set\. In the future only ignore_unreachable will be able to ignore an unreachable host for %s$/);
    expect(sites.win_updates?.map((x) => x.text)).toEqual(["'%s' is deprecated. See the module docs for more information"]);
    const missing: string[] = [];
    for (const [module, list] of Object.entries(sites)) {
      const ours = winbookSource(module);
      const plain = ours.replace(/\\\\/g, '\\');
      for (const site of list) {
        // The fixed parts of the message, in order, around Python's %s and PowerShell's $var / $(…) placeholders.
        const parts = site.text.split(/%[sdr]|\$\(\w[^)]*\)|\$\w+/).filter((p) => p.trim());
        let from = 0;
        const inOrder = parts.every((p) => {
          const i = plain.indexOf(p, from);
          if (i < 0) return false;
          from = i + p.length;
          return true;
        });
        if (!inOrder || (site.when && !plain.includes(site.when))) missing.push(`${module}: ${site.text} (${site.when ?? 'no date'}) from ${site.file}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("1.14's option deprecations", () => {
  it.runIf(hasCollection)('are declared by each module exactly as the 1.14 source declares them', () => {
    const ours = Object.fromEntries(allModules().map((d) => [d.name, d.deprecatedOptions ?? {}]));
    const theirs = Object.fromEntries(allModules().map((d) => [d.name, declaredBy114(d.name)]));
    // The source has some: win_get_url's and win_uri's user/username/password, win_updates' whitelist/blacklist/use_scheduled_task.
    expect(Object.keys(theirs.win_updates ?? {})).toEqual(['whitelist', 'blacklist', 'use_scheduled_task']);
    expect(Object.keys(theirs.win_uri ?? {})).toEqual(['user', 'username', 'password']);
    expect(ours).toEqual(theirs);
  });

  describe('on a simulated host', () => {
    let site: SimSite | undefined;
    let dir: string | undefined;
    afterAll(async () => {
      await site?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('print [DEPRECATION WARNING] once, before the result line, as ansible-playbook prints them', async () => {
      site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(63) });
      dir = await mkdtemp(join(tmpdir(), 'winbook-deprecations-'));
      await writeFile(join(dir, 'inventory.yml'), site.inventory());
      // Nothing listens on port 9 of the host: the request fails, and a failed result carries the deprecations too.
      const task = { name: 'get', 'ansible.windows.win_uri': { url: 'http://127.0.0.1:9/', user: 'svc-reader', password: 'Sekr3t-passw0rd', force_basic_auth: true }, ignore_errors: true };
      await writeFile(join(dir, 'pb.yml'), stringify([{ hosts: 'windows', gather_facts: false, tasks: [task] }]));
      const bus = new EventBus();
      const out = new PassThrough();
      const err = new PassThrough();
      let stderr = '';
      err.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      attachLineReporter(bus, out, { color: false, err });
      const summary = await run({ playbook: join(dir, 'pb.yml'), inventory: [join(dir, 'inventory.yml')], bus });
      expect(summary.exitCode).toBe(0);
      await new Promise((r) => setImmediate(r));
      // Display.deprecated's text wrapped at 79 columns, keeping the space at each line's end, each once per run.
      expect(stderr).toBe(
        "[DEPRECATION WARNING]: Alias 'user' is deprecated. See the module docs for more\n" +
          ' information. This feature will be removed from ansible.windows in a release \n' +
          'after 2022-07-01. Deprecation warnings can be disabled by setting \n' +
          'deprecation_warnings=False in ansible.cfg.\n' +
          "[DEPRECATION WARNING]: Alias 'password' is deprecated. See the module docs for \n" +
          'more information. This feature will be removed from ansible.windows in a \n' +
          'release after 2022-07-01. Deprecation warnings can be disabled by setting \n' +
          'deprecation_warnings=False in ansible.cfg.\n',
      );
    }, 240_000);
  });
});

describe('win_reboot on a host that does not answer', () => {
  // 1.14's action plugin: with ignore_errors (and no ignore_unreachable) the unreachable host is a failure, ignored,
  // with its deprecation; without, the host is unreachable. Nothing listens on port 9 of the address.
  it.runIf(hasCollection)('fails (ignored) with 1.14\'s deprecation under ignore_errors, else is unreachable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-reboot-dep-'));
    try {
      const host = { ansible_host: loopbackAddress(100, 1), ansible_port: 9, ansible_user: 'u', ansible_password: 'Sekr3t-passw0rd', ansible_winrm_reconnection_retries: 0 };
      await writeFile(join(dir, 'inventory.yml'), stringify({ all: { hosts: { dead1: host, dead2: { ...host, ansible_host: loopbackAddress(100, 2) } } } }));
      const tasks = [{ 'ansible.windows.win_reboot': {}, ignore_errors: true }, { win_reboot: {} }];
      await writeFile(join(dir, 'pb.yml'), stringify([{ hosts: 'all', gather_facts: false, tasks }]));
      const bus = new EventBus();
      const err = new PassThrough();
      let stderr = '';
      err.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const results: { status: string; result: Record<string, unknown> }[] = [];
      bus.on((e) => void (e.type === 'host.result' && results.push({ status: e.status, result: e.result })));
      attachLineReporter(bus, new PassThrough(), { color: false, err });
      const summary = await run({ playbook: join(dir, 'pb.yml'), inventory: [join(dir, 'inventory.yml')], bus });
      await new Promise((r) => setImmediate(r));
      const src = readFileSync(join(COLLECTION, 'action', 'win_reboot.py'), 'utf8');
      const msg = (/dep_msg = "([^"]+)" \\\s*"([^"]+)" % self\._task\.action/.exec(src) ?? []).slice(1).join('').replace('%s', 'ansible.windows.win_reboot');
      expect(msg).toMatch(/^Host was unreachable/);
      // Once for both hosts, as the callback's Display prints a text once per run.
      expect(stderr).toBe(`${pyStrip(pyWrap(deprecationMessage(msg, { date: '2023-05-01', collection: 'ansible.windows' }), 79, { dropWhitespace: false }).join('\n'))}\n`);
      expect(results.map((r) => r.status)).toEqual(['ignored', 'ignored', 'unreachable', 'unreachable']);
      expect(results[0]?.result).toMatchObject({ failed: true, unreachable: false, changed: false, rebooted: false });
      // The next task without ignore_errors: the hosts are unreachable, no deprecation.
      expect(summary.stats.dead1?.unreachable).toBe(1);
      expect(summary.stats.dead1?.ignored).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
