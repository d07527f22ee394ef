/**
 * Environment variables by target, where Windows keeps them: Machine in HKLM\SYSTEM\CurrentControlSet\Control\Session
 * Manager\Environment, User in the connecting account's HKCU\Environment, Process in the agent's own block. Machine and
 * User values are read unexpanded and written keeping an existing REG_EXPAND_SZ (or as REG_EXPAND_SZ when the value
 * holds %VAR%): [Environment]::SetEnvironmentVariable would write REG_SZ and stop a Path with %SystemRoot% expanding.
 * A Machine/User change is broadcast (WM_SETTINGCHANGE "Environment"), as ansible.windows.win_environment does.
 */
import type { VerbTable } from './types.ts';

const TARGET = { type: 'string', required: true, doc: 'EnvironmentVariableTarget: Machine, User or Process' } as const;

export const environmentVerbs: VerbTable = {
  'Expand-WbEnvironmentString': {
    domain: 'environment',
    doc: "[Environment]::ExpandEnvironmentVariables in the agent's process: each %NAME% the process block defines replaced by its value, unknown ones left as written. For REG_EXPAND_SZ data, a service's ImagePath, a prefix that is not a path.",
    params: { Text: { type: 'string', required: true, doc: 'text with %NAME% references' } },
    returns: 'string',
  },
  'Send-WbSettingChange': {
    domain: 'environment',
    doc: 'Broadcast WM_SETTINGCHANGE "Environment" (SendMessageTimeout to HWND_BROADCAST, SMTO_ABORTIFHUNG, 5 s) so running programs that listen (Explorer) reload the environment after a registry write.',
    params: {},
    returns: 'none',
  },
  'Get-WbEnvironmentVariable': {
    domain: 'environment',
    doc: 'One variable at one target, unexpanded for Machine/User (RegistryKey.GetValue with DoNotExpandEnvironmentNames), [Environment]::GetEnvironmentVariable for Process; $null when unset.',
    params: { Name: { type: 'string', required: true, doc: 'variable name (case-insensitive)' }, Target: TARGET },
    returns: 'string',
    errors: { 87: 'Target is not Machine, User or Process' },
  },
  'Set-WbEnvironmentVariable': {
    domain: 'environment',
    doc: 'Set (Value) or remove (Value absent, $null or \'\') one variable at one target; broadcasts WM_SETTINGCHANGE for Machine/User. $true when it changed.',
    params: {
      Name: { type: 'string', required: true, doc: 'variable name' },
      Value: { type: 'string', doc: 'the value; absent, $null or empty removes the variable' },
      Target: TARGET,
    },
    returns: 'bool',
    errors: { 5: "Machine without Administrators (Requested registry access is not allowed.)", 87: 'Target is not Machine, User or Process' },
  },
};
