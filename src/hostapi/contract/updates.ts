/**
 * The Windows Update Agent (MS-UAMG): searching what updates are applicable to the host, downloading and installing
 * them, and running those two where the agent allows them. WUA answers IUpdateSearcher.Search from any logon, but
 * refuses IUpdateDownloader.Download and IUpdateInstaller.Install to a network logon (a WinRM or SSH session) with
 * E_ACCESSDENIED; ansible.windows' win_updates therefore runs them in a process a scheduled task starts under a batch
 * (S4U) logon, and so does Invoke-WbAsBatchLogon.
 *
 * A WUA refusal is thrown as the exception .NET raises for a COM HRESULT, unwrapped: UnauthorizedAccessException for
 * E_ACCESSDENIED (Windows PowerShell 5.1's text "Access is denied. (Exception from HRESULT: 0x80070005
 * (E_ACCESSDENIED))"), COMException with the HRESULT for the others. A module reads `$_.Exception.HResult`.
 */
import type { VerbTable } from './types.ts';

const RUN_PARAMS = {
  Id: { type: 'string[]' as const, required: true, doc: 'Identity.UpdateID of each update, in the order the results come back' },
  ServerSelection: { type: 'int' as const, required: true, doc: 'the catalogue the updates were found in: 0 default, 1 managed server (WSUS), 2 Windows Update' },
};

const RUN_SHAPE = {
  Results: 'one per Id, in order: { Id, ResultCode (OperationResultCode: 2 succeeded, 3 succeeded with errors, 4 failed, 5 aborted), HResult (signed), RebootRequired }',
  RebootRequired: 'Microsoft.Update.SystemInfo.RebootRequired after the operation',
};

const RUN_ERRORS = {
  1168: 'an Id is not among the updates the search offers (Element not found.)',
  [-2147024891]: 'E_ACCESSDENIED: the calling process is a network logon (run it through Invoke-WbAsBatchLogon)',
};

export const updatesVerbs: VerbTable = {
  'Find-WbWindowsUpdate': {
    domain: 'updates',
    doc:
      "Microsoft.Update.Session → CreateUpdateSearcher(), ServerSelection set, Search('IsInstalled = 0'): the applicable updates not installed " +
      '(hidden ones included, as the criteria does not exclude them), and Microsoft.Update.SystemInfo.RebootRequired.',
    params: {
      ServerSelection: { type: 'int', required: true, doc: 'ServerSelection: 0 default, 1 managed server (WSUS), 2 Windows Update' },
    },
    returns: 'object',
    shape: {
      RebootRequired: 'SystemInfo.RebootRequired: an installed update waits for a restart',
      Updates:
        'list of { Id (Identity.UpdateID), Title, KB (KBArticleIDs, digits only), Categories (ICategory.Name list), IsHidden, IsDownloaded, IsInstalled, BrowseOnly }',
    },
  },
  'Save-WbWindowsUpdate': {
    domain: 'updates',
    doc:
      "IUpdateDownloader.Download of the updates with these ids (found again with Search('IsInstalled = 0') in this process), each update's " +
      'EULA accepted first (IUpdate.AcceptEula, as win_updates does for every update it selects). Refused to a network logon.',
    params: RUN_PARAMS,
    returns: 'object',
    shape: RUN_SHAPE,
    errors: RUN_ERRORS,
  },
  'Install-WbWindowsUpdate': {
    domain: 'updates',
    doc:
      "IUpdateInstaller.Install (AllowSourcePrompts off, ClientApplicationID ansible.windows.win_updates) of the downloaded updates with these ids, found " +
      "again with Search('IsInstalled = 0'), each update's EULA accepted first. Refused to a network logon.",
    params: RUN_PARAMS,
    returns: 'object',
    shape: RUN_SHAPE,
    errors: RUN_ERRORS,
  },
  'Invoke-WbAsBatchLogon': {
    domain: 'updates',
    doc:
      'Runs one façade verb (Save-WbWindowsUpdate or Install-WbWindowsUpdate) in a Windows PowerShell process started by a scheduled task ' +
      '(Schedule.Service, TASK_LOGON_S4U, highest run level) as the connecting user, or as SYSTEM when the user may not log on as a batch job, ' +
      "as ansible.windows' win_updates does; waits for it and returns the verb's result, or throws the exception the verb threw. " +
      'The task is deleted once its process has started.',
    params: {
      Verb: { type: 'string', required: true, doc: 'the façade verb to run: Save-WbWindowsUpdate or Install-WbWindowsUpdate' },
      Parameters: { type: 'object', required: true, doc: "the verb's parameters, name → value" },
    },
    returns: 'object',
    shape: {
      Account: 'the account the task ran as: the connecting user, or NT AUTHORITY\\SYSTEM',
      Result: "the verb's result",
    },
    errors: { 87: 'Verb is not one that must run under a batch logon (The parameter is incorrect.)' },
  },
};
