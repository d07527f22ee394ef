/**
 * ansible.windows.win_acl for files and folders: add or remove one explicit ACE. An ACE that already grants a
 * superset of the requested rights with the same account, type, inheritance and propagation counts as present,
 * so asking for Modify where FullControl is granted reports ok (Ansible reports changed on every run).
 * Registry paths and `follow` are not supported yet.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';

/** FileSystemRights names (case-insensitive), checked before any host is touched. */
export const RIGHT_NAMES = [
  'AppendData', 'ChangePermissions', 'CreateDirectories', 'CreateFiles', 'Delete', 'DeleteSubdirectoriesAndFiles', 'ExecuteFile',
  'FullControl', 'ListDirectory', 'Modify', 'Read', 'ReadAndExecute', 'ReadAttributes', 'ReadData', 'ReadExtendedAttributes',
  'ReadPermissions', 'Synchronize', 'TakeOwnership', 'Traverse', 'Write', 'WriteAttributes', 'WriteData', 'WriteExtendedAttributes',
];

function names(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

// ansible.windows 1.14's win_acl reads rights and inherit with Get-AnsibleParam -type "str" (a comma list): a YAML
// list is not text (Ansible would pass 'System.Object[]' on and fail), so it is refused like any list given to text.
const rightsSchema = lazySchema(() =>
  z
    .string()
    .min(1)
    .refine((v) => names(v).every((n) => RIGHT_NAMES.some((r) => r.toLowerCase() === n.toLowerCase())), {
      message: `rights must be FileSystemRights names: ${RIGHT_NAMES.join(', ')}`,
    }),
);

const inheritSchema = lazySchema(() =>
  z
    .string()
    .refine((v) => names(v).every((n) => /^(containerinherit|objectinherit|none)$/i.test(n)), { message: 'inherit takes ContainerInherit, ObjectInherit or None' }),
);

export const winAclSchema = lazySchema(() =>
  z
    .object({
      path: z.string().min(1).describe('File or folder whose ACL changes, as written: %VAR% is not expanded (as in ansible.windows 1.14, `%ProgramData%\\Qlik` names a folder literally called %ProgramData%, which is reported missing).'),
      user: z.string().min(1).describe('Account or group: BUILTIN\\Users, NT AUTHORITY\\SYSTEM, DOMAIN\\svc_qlik, .\\localuser, NT SERVICE\\name.'),
      rights: rightsSchema().describe('FileSystemRights, as a comma list: FullControl, Modify, ReadAndExecute, Read, Write, ListDirectory, …'),
      type: z.enum(['allow', 'deny']).default('allow').describe('Allow or deny the rights.'),
      inherit: inheritSchema().optional().describe('ContainerInherit, ObjectInherit (comma list) or None; folders default to both, files are always None.'),
      propagation: z.enum(['None', 'NoPropagateInherit', 'InheritOnly']).default('None').describe('How the ACE propagates to children (folders only).'),
      state: z.enum(['present', 'absent']).default('present').describe('present adds the rights (merged into an ACE with the same flags); absent removes them.'),
    })
    .strict(),
);

export const winAcl: ModuleDef<ReturnType<typeof winAclSchema>> = {
  name: 'win_acl',
  aliases: ['ansible.windows.win_acl'],
  description: 'Add or remove one access rule on a file or folder; a broader existing right counts as present.',
  get schema() {
    return winAclSchema();
  },
  secretArgs: [],
  // 1.14 reads its options with legacy `Parse-Args $args`, whose -supports_check_mode defaults to $false.
  supportsCheck: false,
  argsReader: 'legacy',
  supportsDiff: true,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_acl.ps1', import.meta.url));
  },
  examples: `- name: Let the Qlik service account change the shared persistence folder
  win_acl:
    path: C:\\QlikShare
    user: DOMAIN\\svc_qlik
    rights: Modify
    type: allow
    inherit: ContainerInherit, ObjectInherit
`,
};
