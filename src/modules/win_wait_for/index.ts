/** ansible.windows.win_wait_for: wait, on the host itself, for a port to open/close/drain or a file/regex to appear/go. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions } from '../option-alias.ts';

const seconds = (what: string, dflt?: number) => {
  const s = z.number().int().min(0);
  return (dflt === undefined ? s.optional() : s.default(dflt)).describe(what);
};

export const winWaitForSchema = lazySchema(() =>
  z
    .object({
      host: z.string().min(1).default('127.0.0.1').describe('Host to connect to for `port`, resolved and reached from the target host itself.'),
      port: z.number().int().min(1).max(65535).optional().describe('TCP port to check. Exclusive with `path`.'),
      path: z.string().min(1).optional().describe('File on the host to wait for (or, with `regex`, for text in it). Exclusive with `port`.'),
      regex: z.string().optional().describe('Regular expression (case-insensitive, as PowerShell -match) that must (present) or must not (absent) match the file at `path`.'),
      ...aliasOptions('regex', z.string(), 'search_regex', 'regexp'),
      state: z
        .enum(['started', 'stopped', 'present', 'absent', 'drained'])
        .default('started')
        .describe('For a port: `started` (listening), `stopped` (not listening), `drained` (no active connections). For a path: `present` or `absent`.'),
      exclude_hosts: z.array(z.string()).optional().describe('With `state: drained`: connections from these hosts do not count.'),
      timeout: seconds('Maximum seconds to wait; the task fails after it.', 300),
      delay: seconds('Seconds to wait before the first check.'),
      sleep: seconds('Seconds between checks.', 1),
      connect_timeout: seconds('Seconds one connection attempt may take before it counts as closed.', 5),
    })
    .strict()
    // Argument conversion moves an alias to `regex` (arg-coerce.ts); this covers a schema parsed on its own.
    .transform(({ search_regex, regexp, ...a }) => {
      const alias = search_regex ?? regexp;
      return alias !== undefined && a.regex === undefined ? { ...a, regex: alias } : a;
    }),
);

export const winWaitFor: ModuleDef<ReturnType<typeof winWaitForSchema>> = {
  name: 'win_wait_for',
  aliases: ['ansible.windows.win_wait_for'],
  description: 'Wait, from the host\'s own view, until a TCP port listens (or stops, or drains) or a file exists (or holds a regex, or is gone); returns `elapsed` and `wait_attempts`.',
  get schema() {
    return winWaitForSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_wait_for.ps1', import.meta.url));
  },
  examples: `- name: Wait for the Qlik Repository Service to listen
  win_wait_for:
    port: 4242
    timeout: 120

- name: Wait until nobody is connected to the proxy any more
  ansible.windows.win_wait_for:
    port: 443
    state: drained
    exclude_hosts: [10.0.0.5]

- name: Wait for the log line that says the service is up
  win_wait_for:
    path: C:\\ProgramData\\Qlik\\Sense\\Log\\Repository\\Trace\\System_Repository.txt
    regex: Service started
`,
};
