/**
 * Windows Update on the host model: the updates applicable to this host as the Windows Update Agent's search sees
 * them (contract/updates.ts). A host keeps its own list in HostState.windows_update (absent: the list below for its
 * OS build, as a server patched to its build's UBR would see it). Searching changes nothing; installing is not modelled.
 */
import type { HostState } from '../host/state.ts';
import type { SimVerbTable } from './types.ts';

export interface WindowsUpdate {
  /** Identity.UpdateID, a GUID. */
  id: string;
  title: string;
  /** KBArticleIDs: digits only, as WUA gives them. */
  kb: string[];
  /** ICategory.Name of each category, classification first as WUA lists it. */
  categories: string[];
  is_installed: boolean;
  is_hidden: boolean;
  is_downloaded: boolean;
  /** BrowseOnly: an optional update (skip_optional). */
  browse_only: boolean;
}

export interface WindowsUpdateState {
  updates: WindowsUpdate[];
  /** SystemInfo.RebootRequired: an installed update waits for a restart. */
  reboot_required: boolean;
}

function update(id: string, title: string, categories: string[], extra: Partial<WindowsUpdate> = {}): WindowsUpdate {
  const kb = /\(KB(\d+)\)|KB(\d+)/.exec(title);
  return { id, title, kb: kb ? [kb[1] ?? kb[2] ?? ''] : [], categories, is_installed: false, is_hidden: false, is_downloaded: false, browse_only: false, ...extra };
}

/** What a Windows Server 2019 (build 17763) or 2022 (20348) host is offered; titles and KBs as Microsoft names them. */
function defaultUpdates(state: HostState): WindowsUpdate[] {
  const build = Number(state.os_version.split('.')[2] ?? 0);
  const is2022 = build >= 20348;
  const os = is2022 ? 'Windows Server 2022' : 'Windows Server 2019';
  const cu = is2022
    ? '2024-01 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5034129)'
    : '2024-01 Cumulative Update for Windows Server 2019 (1809) for x64-based Systems (KB5034127)';
  return [
    update('6b3e5c2a-1f0d-4d38-9a57-0c6f1d2e8a01', cu, ['Security Updates', os]),
    update('9d4f7a10-3c2b-4e61-8b7a-2f5e6c1d9b02', `2024-01 Cumulative Update for .NET Framework 3.5, 4.7.2 and 4.8 for ${os} for x64 (KB5034274)`, ['Security Updates', os]),
    update('2c8e1b47-5a6d-4f09-b3c1-7e2a9d4f6c03', 'Windows Malicious Software Removal Tool x64 - v5.120 (KB890830)', ['Update Rollups', 'Windows Server 2016', os]),
    update('e1a7c9d3-8b2f-4a6e-9c05-3d1b7f2e4a04', 'Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.403.1234.0)', ['Definition Updates', 'Microsoft Defender Antivirus'], { is_downloaded: true }),
    update('4f2b8d6e-0a3c-4b7d-8e19-5c6a2d0f1b05', `2024-01 Servicing Stack Update for ${os} for x64-based Systems (KB5034863)`, ['Critical Updates', os]),
    update('7a5d3f1c-9e8b-4c2a-a6d4-1b0e3c5f7d06', `2024-01 Cumulative Update Preview for .NET Framework 3.5, 4.7.2 and 4.8 for ${os} for x64 (KB5034439)`, ['Updates', os], { browse_only: true }),
    update('3e9c1a5b-7d2f-4e8a-b0c6-9f4d2a1e8c07', 'Microsoft Silverlight (KB4481252)', ['Feature Packs', 'Silverlight'], { is_hidden: true }),
    update('8c0f4e2d-6b1a-4d9c-a3e7-2a5f8b1c0d08', `2023-12 Cumulative Update for ${os} for x64-based Systems (KB5033371)`, ['Security Updates', os], { is_installed: true }),
  ];
}

export function windowsUpdateOf(state: HostState): WindowsUpdateState {
  return state.windows_update ?? { updates: defaultUpdates(state), reboot_required: false };
}

export const updatesVerbs: SimVerbTable = {
  // Search('IsInstalled = 0'): the applicable updates not installed, hidden ones included. Which catalogue answers
  // (ServerSelection) is not modelled: every source offers the host's list.
  'Find-WbWindowsUpdate': (ctx) => {
    const wu = windowsUpdateOf(ctx.state);
    return {
      RebootRequired: wu.reboot_required,
      Updates: wu.updates.filter((u) => !u.is_installed).map((u) => ({
        Id: u.id, Title: u.title, KB: [...u.kb], Categories: [...u.categories], IsHidden: u.is_hidden, IsDownloaded: u.is_downloaded, IsInstalled: u.is_installed, BrowseOnly: u.browse_only,
      })),
    };
  },
};
