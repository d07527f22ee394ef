/**
 * The Windows Update Agent's search (IUpdateSearcher.Search, MS-UAMG): what updates are applicable to the host.
 * Searching only: downloading and installing are refused by the agent API in a remote (network logon) session
 * (E_ACCESSDENIED), which is why ansible.windows runs them under a batch logon; winbook does not install updates.
 */
import type { VerbTable } from './types.ts';

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
};
