/**
 * ansible.builtin.include_vars: load variables from YAML/JSON files into the host's variables for the rest of the
 * play. The playbook loader reads the files (src/playbook/include-vars.ts) so a vault password, a YAML error or an
 * alias bomb is found before any host is touched; this module hands what it read to the engine, which keeps it as
 * Ansible's strategy does with an include_vars result (set_host_variable: above task vars, below set_fact, and
 * templated when used).
 */
import { z } from 'zod';
import type { ModuleDef, ModuleResult } from '../types.ts';

/** What the loader read for one include_vars task: the variables as written, or Ansible's failure text. */
export interface LoadedVars {
  vars: Record<string, unknown>;
  files: string[];
  /** The files were vault-encrypted: Ansible hides the result (`_ansible_no_log`). */
  encrypted: boolean;
  failed?: string;
}

export const includeVarsSchema = z
  .object({
    file: z.string().min(1).optional().describe('The file to load: the role\'s vars/ first, then beside the task\'s file, then the playbook\'s vars/ and folder. Not templated (refused at load).'),
    _raw_params: z.string().min(1).optional().describe('The free-form file name (include_vars: vars/site.yml), as file.'),
    dir: z.string().min(1).optional().describe('A folder (the role\'s vars/ or beside the task\'s file): every YAML/JSON file in it, sorted, sub-folders after their parent.'),
    name: z.string().min(1).optional().describe('Store everything under this one variable instead of at the top level.'),
    files_matching: z.string().optional().describe('With dir: only files whose name matches this regular expression.'),
    ignore_files: z.array(z.string()).optional().describe('With dir: file names to skip (regular expressions anchored at the end).'),
    extensions: z.array(z.string()).optional().describe('With dir: the extensions loaded (default yaml, yml, json); another file fails the task unless ignore_unknown_extensions.'),
    ignore_unknown_extensions: z.boolean().optional().describe('With dir: skip files with another extension instead of failing.'),
    depth: z.number().int().min(0).optional().describe('With dir: how many folders of the sorted walk to read (as ansible-core counts them); 0 is all.'),
  })
  .strict();

export const includeVars: ModuleDef<typeof includeVarsSchema> = {
  name: 'include_vars',
  aliases: ['ansible.builtin.include_vars'],
  description: 'Load variables from YAML or JSON files (or a folder of them) into the host\'s variables.',
  schema: includeVarsSchema,
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  freeForm: true,
  run: (args, ctx): Promise<ModuleResult> => {
    const loaded = ctx.preloaded as LoadedVars | undefined;
    // The loader attaches what it read to every include_vars task; without it the task was built by hand.
    if (!loaded) return Promise.resolve({ changed: false, failed: true, msg: 'include_vars: the files were not loaded with the playbook' });
    const base: ModuleResult = { changed: false, ansible_included_var_files: loaded.files };
    // Ansible's include_vars reports a failure under `message`, not `msg`.
    if (loaded.failed !== undefined) return Promise.resolve({ ...base, failed: true, message: loaded.failed, ansible_facts: {} });
    return Promise.resolve({ ...base, ansible_facts: args.name === undefined ? loaded.vars : { [args.name]: loaded.vars } });
  },
  examples: `- include_vars: vars/site.yml
- include_vars:
    dir: vars/services
    files_matching: '\\.yml$'
    name: services
`,
};
