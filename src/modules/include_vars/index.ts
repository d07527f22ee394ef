/**
 * ansible.builtin.include_vars: load variables from YAML/JSON files into the host's variables for the rest of the
 * play. A controller action, as in ansible-core 2.14: the files are found and read when the task runs on a host
 * (with its templated arguments), through the reader the playbook loader attached to the task
 * (src/playbook/include-vars.ts, which also checked literal arguments at load). The engine keeps what it returns as
 * Ansible's strategy keeps an include_vars result (set_host_variable: above task vars, below set_fact, and templated
 * when used).
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef, ModuleResult } from '../types.ts';
import { combineVars, CombineError } from './merge-hash.ts';

/** What one include_vars read: the variables as written, or Ansible's failure text. */
export interface LoadedVars {
  vars: Record<string, unknown>;
  files: string[];
  /** A file was vault-encrypted: Ansible hides the result (`_ansible_no_log`). */
  encrypted: boolean;
  failed?: string;
  /** The failure is an exception out of the action (the task's `msg`), not its `message`. */
  asMsg?: boolean;
}

export const includeVarsSchema = lazySchema(() =>
  z
    .object({
      file: z.string().min(1).optional().describe('The file to load: the role\'s vars/ first, then beside the task\'s file, then the playbook\'s vars/ and folder. Templated per host; read when the task runs.'),
      _raw_params: z.string().min(1).optional().describe('The free-form file name (include_vars: vars/site.yml), as file.'),
      dir: z.string().min(1).optional().describe('A folder (the role\'s vars/ or beside the task\'s file): every YAML/JSON file in it, sorted, sub-folders after their parent.'),
      name: z.string().min(1).optional().describe('Store everything under this one variable instead of at the top level.'),
      hash_behaviour: z.enum(['replace', 'merge']).optional().describe('merge: each loaded dict is merged into the host\'s current dict of that name (both must be dicts, else the task fails, as in Ansible); replace (default): replaced.'),
      files_matching: z.string().optional().describe('With dir: only files whose name matches this regular expression.'),
      ignore_files: z.union([z.array(z.string()), z.string()]).optional().describe('With dir: file names to skip (regular expressions anchored at the end; a string is split on spaces).'),
      // The action plugin has no argument spec: nothing is converted (a templated depth stays a string and fails the
      // task as it does in Ansible, a string of extensions is a list of its characters); unions keep the values raw.
      extensions: z.union([z.array(z.string()), z.string()]).optional().describe('With dir: the extensions loaded (default yaml, yml, json); another file fails the task unless ignore_unknown_extensions.'),
      ignore_unknown_extensions: z.union([z.boolean(), z.string(), z.number()]).optional().describe('With dir: skip files with another extension instead of failing (Python truthiness: any non-empty string is true).'),
      depth: z.union([z.number().int().min(0), z.string()]).optional().describe('With dir: how many folders of the sorted walk to read (as ansible-core counts them); 0 is all. Not converted: a string (a template gives one) fails the task, as in Ansible.'),
    })
    .strict(),
);

export type IncludeVarsArgs = z.infer<ReturnType<typeof includeVarsSchema>>;

/** What the loader attaches to an include_vars task. */
export interface IncludeVarsSource {
  /** Finds and reads the files that one host's (templated) arguments name, from the task's search path. */
  read(args: IncludeVarsArgs): LoadedVars;
  /** What literal arguments read when the playbook loaded (checked there); absent when they are templated. */
  atLoad?: LoadedVars;
}

export const includeVars: ModuleDef<ReturnType<typeof includeVarsSchema>> = {
  name: 'include_vars',
  aliases: ['ansible.builtin.include_vars'],
  description: 'Load variables from YAML or JSON files (or a folder of them) into the host\'s variables, read when the task runs.',
  get schema() {
    return includeVarsSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  freeForm: true,
  run: (args, ctx): Promise<ModuleResult> => Promise.resolve(runIncludeVars(args, ctx.preloaded as IncludeVarsSource | undefined, ctx.vars)),
  examples: `- include_vars: vars/site.yml
- include_vars: "{{ env }}.yml"
- include_vars:
    dir: vars/services
    files_matching: '\\.yml$'
    name: services
`,
};

function runIncludeVars(args: IncludeVarsArgs, source: IncludeVarsSource | undefined, vars: Record<string, unknown>): ModuleResult {
  // The loader attaches a reader to every include_vars task; without it the task was built by hand.
  if (!source) return { changed: false, failed: true, msg: 'include_vars: the task was not loaded with a playbook' };
  const loaded = source.read(args);
  if (loaded.failed !== undefined && loaded.asMsg) return { changed: false, failed: true, msg: loaded.failed };
  let facts: Record<string, unknown> = args.name === undefined ? loaded.vars : { [args.name]: loaded.vars };
  const hidden = loaded.encrypted ? { _ansible_no_log: true } : {};
  const base: ModuleResult = { changed: false, ansible_included_var_files: loaded.files, ...hidden };
  // Ansible's include_vars reports a failure under `message`, not `msg`, with what the folders before it loaded.
  if (loaded.failed !== undefined) return { ...base, failed: true, message: loaded.failed, ansible_facts: facts };
  if (args.hash_behaviour === 'merge') {
    try {
      facts = Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, combineVars(vars[k], v)]));
    } catch (e) {
      if (!(e instanceof CombineError)) throw e;
      return { changed: false, failed: true, msg: e.message, ...hidden };
    }
  }
  return { ...base, ansible_facts: facts };
}
