/**
 * NTFS access control: Get-Acl / FileSecurity, FileSystemAccessRule and Set-Acl on a real host. Accounts are
 * given by SID (resolve a name with the accounts domain's verb first); rights are FileSystemRights names.
 * The mutators work as .NET's FileSecurity methods do (AddAccessRule merges into an explicit ACE with the same
 * account, type and flags; RemoveAccessRule takes the given bits away) and return {Changed, Acl}: Changed is
 * whether the DACL differs afterwards, Acl the ACL as it is (or, with -Preview, would be) afterwards.
 * -Preview computes the result without writing it (check mode).
 */
import type { ParamSpec, VerbTable } from './types.ts';

const PATH: ParamSpec = { type: 'string', required: true, doc: 'Windows path of the file or folder (%VAR% expanded, literal)' };
const PREVIEW: ParamSpec = { type: 'switch', doc: 'compute the resulting ACL without writing it' };

export const ACL_SHAPE: Record<string, string> = {
  Path: 'full path of the item',
  Owner: 'owner as Windows prints it (BUILTIN\\Administrators)',
  OwnerSid: 'owner SID (S-1-5-32-544)',
  Protected: 'true when inheritance is disabled (AreAccessRulesProtected)',
  Rules:
    'the DACL, explicit rules first, as Get-Acl lists them: [{Identity (DOMAIN\\name), Sid, Type (Allow|Deny), ' +
    "Rights (FileSystemRights text: 'Modify, Synchronize'), RightsMask (int), InheritanceFlags ('ContainerInherit, ObjectInherit' or 'None'), " +
    "PropagationFlags ('None', 'NoPropagateInherit', 'InheritOnly'), IsInherited (bool)}]",
};

const RESULT_SHAPE: Record<string, string> = { Changed: 'whether the DACL differs afterwards', Acl: 'the ACL afterwards, shaped as Get-WbAcl returns it' };

const RULE_PARAMS: Record<string, ParamSpec> = {
  Path: PATH,
  Sid: { type: 'string', required: true, doc: 'the account\'s SID (S-1-5-21-…-1001)' },
  Rights: { type: 'string', required: true, doc: "FileSystemRights names, comma-separated: 'Modify', 'ReadAndExecute, Write'" },
  Type: { type: 'string', required: true, doc: 'Allow or Deny' },
  InheritanceFlags: { type: 'string', doc: "'ContainerInherit, ObjectInherit', 'ContainerInherit', 'ObjectInherit' or 'None' (default None)" },
  PropagationFlags: { type: 'string', doc: "'None' (default), 'NoPropagateInherit' or 'InheritOnly'" },
  Preview: PREVIEW,
};

export const aclVerbs: VerbTable = {
  'Get-WbAcl': {
    domain: 'acl',
    doc: 'The owner and DACL of a file or folder (Get-Acl -LiteralPath; rules by SID and by name).',
    params: { Path: PATH },
    returns: 'object',
    shape: ACL_SHAPE,
    errors: { 2: 'the item does not exist', 5: 'the account may not read the security descriptor' },
  },
  'Add-WbAccessRule': {
    domain: 'acl',
    doc: 'FileSecurity.AddAccessRule(FileSystemAccessRule(sid, rights, inheritance, propagation, type)) then Set-Acl. Allow rules gain Synchronize as .NET adds it.',
    params: RULE_PARAMS,
    returns: 'object',
    shape: RESULT_SHAPE,
    errors: { 2: 'the item does not exist', 5: 'the account may not change permissions (needs WRITE_DAC or ownership)', 87: 'unknown right or flag name, or an inheritable rule on a file', 1332: 'the SID maps to no account', 1337: 'not a SID' },
  },
  'Remove-WbAccessRule': {
    domain: 'acl',
    doc: 'FileSecurity.RemoveAccessRule(FileSystemAccessRule(…)) then Set-Acl: the rights are taken away from explicit rules with the same SID, type and flags; a rule left with nothing is dropped. Inherited rules are never touched.',
    params: RULE_PARAMS,
    returns: 'object',
    shape: RESULT_SHAPE,
    errors: { 2: 'the item does not exist', 5: 'the account may not change permissions', 87: 'unknown right or flag name, or an inheritable rule on a file', 1332: 'the SID maps to no account', 1337: 'not a SID' },
  },
  'Set-WbAclInheritance': {
    domain: 'acl',
    doc: 'FileSecurity.SetAccessRuleProtection(isProtected = -not Enabled, preserveInheritance = PreserveInherited) then Set-Acl: turns inheritance from the parent off (keeping copies of the inherited rules as explicit ones when asked) or on.',
    params: {
      Path: PATH,
      Enabled: { type: 'bool', required: true, doc: '$true: inherit from the parent; $false: protect the DACL' },
      PreserveInherited: { type: 'switch', doc: 'when disabling: keep the inherited rules as explicit copies' },
      Preview: PREVIEW,
    },
    returns: 'object',
    shape: RESULT_SHAPE,
    errors: { 2: 'the item does not exist', 5: 'the account may not change permissions' },
  },
};
