/** Verbs the agent bootstrap itself uses: staged uploads and the task's process environment. */
import type { VerbTable } from './types.ts';

export const agentVerbs: VerbTable = {
  'Add-WbStagedChunk': {
    domain: 'agent',
    doc: 'Append bytes to the staged upload %TEMP%\\winbook-upload-KEY.part of the agent\'s account (FileMode.Append).',
    params: {
      Key: { type: 'string', required: true, doc: 'upload key: 16-64 lower-case hex digits' },
      Data: { type: 'base64', required: true, doc: 'the chunk' },
    },
    returns: 'none',
    errors: { 5: 'the temp folder is not writable', 112: 'the disk is full' },
  },
  'Get-WbProcessEnvironment': {
    domain: 'agent',
    doc: 'One variable of the agent process\'s environment ([Environment]::GetEnvironmentVariable(Name, Process)); $null when unset.',
    params: { Name: { type: 'string', required: true, doc: 'variable name' } },
    returns: 'string',
  },
  'Set-WbProcessEnvironment': {
    domain: 'agent',
    doc: 'Set or (Value $null) remove one variable of the agent process\'s environment, for this task\'s run.',
    params: {
      Name: { type: 'string', required: true, doc: 'variable name' },
      Value: { type: 'string', doc: 'the value; absent or $null removes the variable' },
    },
    returns: 'none',
  },
  'Get-WbProcessEnvironmentBlock': {
    domain: 'agent',
    doc: "The agent process's whole environment ([Environment]::GetEnvironmentVariables('Process')), names as Windows cases them.",
    params: {},
    returns: 'object',
    shape: { '<NAME>': 'each variable, name → value' },
  },
};
