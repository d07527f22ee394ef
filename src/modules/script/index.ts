/**
 * ansible.builtin.script on a Windows host: a local PowerShell script, found and read on the controller (vault
 * files decrypted) when the playbook loads (src/playbook/script-file.ts, as Ansible's action plugin finds it), run
 * on the host by the agent in one request, with Ansible's result (rc, stdout, stderr and their lines; changed
 * unless creates/removes skip it; failed with 'non-zero return code'). A controller module, like Ansible's action
 * plugin: its host half is the agent module in ./agent.ts.
 *
 * Not src/modules/script.ts: that file composes every agent module's PowerShell source (helpers first), a name
 * older than this module.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ControllerContext, ModuleDef, ModuleResult } from '../types.ts';
import { scriptAgent } from './agent.ts';
import { type ScriptFile, splitScriptParams } from './script-params.ts';

/**
 * Keys ansible-core 2.14's parse_kv(check_raw=True) takes out of script's free form (as for win_command) that the
 * script action never reads: Ansible drops them without a word (checked in test/interop/script-ignored-keys.test.ts).
 * winbook drops them too, and says so in a warning.
 */
export const IGNORED_KEYS = ['stdin', 'stdin_add_newline', 'strip_empty_ends', 'warn'] as const;

const ignoredOptions = () =>
  Object.fromEntries(IGNORED_KEYS.map((k) => [k, z.unknown().optional().describe(
    "Ignored, as ansible-core 2.14's script action ignores it (a warning says so); the script reads no standard input.",
  )])) as Record<(typeof IGNORED_KEYS)[number], z.ZodOptional<z.ZodUnknown>>;

export const scriptSchema = lazySchema(() =>
  z
    .object({
      _raw_params: z.string().optional().describe('The local script followed by its arguments (the free form), e.g. `setup.ps1 -Mode full`.'),
      cmd: z.string().optional().describe('The local script followed by its arguments, instead of the free form; taken whole, as ansible-core 2.14 moves it to the free form: a `creates=` inside it is an argument of the script, not an option.'),
      creates: z.string().optional().describe('A path on the host: when it exists, the script does not run (skipped).'),
      removes: z.string().optional().describe('A path on the host: when it does not exist, the script does not run (skipped).'),
      chdir: z.string().optional().describe('An absolute folder on the host to run the script in (its PowerShell location).'),
      decrypt: z.boolean().default(true).describe('Decrypt a vault-encrypted script on the controller before it is sent.'),
      ...ignoredOptions(),
      // Refused by the option's own schema, so the loader's literal check stops it at load.
      executable: z.unknown().refine((v) => v === undefined, { message: 'executable is not supported by winbook: it runs PowerShell (.ps1) scripts in the agent; run another interpreter with win_command' })
        .optional().describe('Not supported: refused at load (on Windows Ansible runs `& EXECUTABLE SCRIPT` in PowerShell; winbook runs .ps1 scripts only).'),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v._raw_params === undefined && v.cmd === undefined) ctx.addIssue({ code: 'custom', path: ['cmd'], message: 'script needs the script to run: the free form (script: setup.ps1 ARGS) or cmd' });
      if (v._raw_params !== undefined && v.cmd !== undefined) ctx.addIssue({ code: 'custom', path: ['cmd'], message: 'parameters are mutually exclusive: free form|cmd' });
    }),
);

type Args = z.infer<ReturnType<typeof scriptSchema>>;

/** Python's str.splitlines(), as Ansible's _low_level_execute_command makes stdout_lines/stderr_lines. */
export function splitLines(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- Python's line boundaries include the file/group/record separators
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

async function runScript(a: Args, ctx: ControllerContext): Promise<ModuleResult> {
  const ignored = IGNORED_KEYS.filter((k) => a[k] !== undefined);
  if (ignored.length) {
    ctx.warn?.(`script ignores ${ignored.map((k) => `'${k}'`).join(', ')}, as ansible-playbook 2.14's script action does: the script gets no standard input`);
  }
  const file = ctx.preloaded as ScriptFile | undefined;
  if (!ctx.remote) return { failed: true, changed: false, msg: 'script needs a connection to the host' };
  const params = splitScriptParams(String(a._raw_params ?? a.cmd ?? ''));
  const args: Record<string, unknown> = {
    ...(a.creates ? { creates: a.creates } : {}),
    ...(a.removes ? { removes: a.removes } : {}),
    ...(a.chdir ? { chdir: a.chdir } : {}),
    ...(file?.missing !== undefined ? { _missing: file.missing } : {}),
    ...(file?.text !== undefined ? { _script: file.text, _arguments: params.arguments } : {}),
  };
  if (file === undefined) args._missing = `winbook found no script for '${params.source}': the script is read when the playbook loads`;
  const r = await ctx.remote.invoke(scriptAgent, args, { check: ctx.check, diff: false });
  if (r.rc === undefined) return r;
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  const rc = Number(r.rc);
  return {
    changed: true, rc, stdout, stdout_lines: splitLines(stdout), stderr, stderr_lines: splitLines(stderr),
    ...(rc !== 0 ? { failed: true, msg: 'non-zero return code' } : {}),
  };
}

export const script: ModuleDef<ReturnType<typeof scriptSchema>> = {
  name: 'script',
  aliases: ['ansible.builtin.script', 'ansible.legacy.script'],
  description: "Run a local PowerShell script on the host (ansible.builtin.script on Windows): found like Ansible finds it (the role's files/, the task's folder, the playbook's files/), vault files decrypted, arguments passed as PowerShell reads them. Returns rc, stdout, stderr and their _lines; fails with 'non-zero return code' when rc is not 0. Check mode skips it, unless creates/removes decide.",
  get schema() {
    return scriptSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  freeForm: true,
  run: runScript,
  examples: `- name: Prepare the data folder once (roles/app/files/prepare.ps1)
  script: prepare.ps1 -Path D:\\Data -Verbose
  args:
    creates: D:\\Data\\.prepared

- name: The same with cmd
  ansible.builtin.script:
    cmd: prepare.ps1 -Path D:\\Data
    removes: D:\\Data\\.todo
`,
};
