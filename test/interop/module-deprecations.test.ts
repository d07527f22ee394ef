/**
 * The deprecations ansible.windows 1.14 reports for options a task writes: Ansible.Basic's `deprecated_aliases` in
 * each module's spec (`Alias 'user' is deprecated. See the module docs for more information`, with its date and
 * collection) and win_updates' action plugin (`display.deprecated("'whitelist' is deprecated. …")`). Every module
 * winbook ships must declare exactly those 1.14's source declares, read from the installed collection here; and a
 * task on a simulated host that writes one prints 1.14's `[DEPRECATION WARNING]` once on stderr.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { EventBus } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { allModules } from '../../src/modules/registry.ts';
import type { Deprecation } from '../../src/modules/types.ts';
import { attachLineReporter } from '../../src/report/line-reporter.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';

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
