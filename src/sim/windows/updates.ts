/**
 * Windows Update on the host model: the updates applicable to this host as the Windows Update Agent's search sees
 * them, and their download and installation (contract/updates.ts). A host keeps its own list in
 * HostState.windows_update (absent: the list below for its OS build, as a server patched to its build's UBR would see
 * it; written there at the first download or install). Searching changes nothing.
 *
 * WUA refuses IUpdateDownloader.Download and IUpdateInstaller.Install to a network logon with E_ACCESSDENIED: the
 * agent's own process is one (VerbContext.logon absent), a process a scheduled task started under a batch logon
 * (Invoke-WbAsBatchLogon, batch-logon.ts) is not. Installing marks an update installed; one whose installation needs a
 * restart sets the host's reboot_required until it boots (reboot.ts). A test sets an update's download_hresult or
 * install_hresult to make that step fail with that HRESULT, as WUA reports a failed update (ResultCode 4).
 */
import type { HostState } from '../host/state.ts';
import { WindowsError } from '../host/windows-error.ts';
import { type SimVerbTable, type VerbContext, strList } from './types.ts';

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
  /** InstallationBehavior.RebootBehavior is not NeverReboots: installing it leaves the host waiting for a restart. */
  requires_restart?: boolean;
  /** EulaAccepted (absent: true). */
  eula_accepted?: boolean;
  /** The HResult its download fails with (tests); absent: it downloads. */
  download_hresult?: number;
  /** The HResult its installation fails with (tests), e.g. 0x80240022; absent: it installs. */
  install_hresult?: number;
}

export interface WindowsUpdateState {
  updates: WindowsUpdate[];
  /** SystemInfo.RebootRequired: an installed update waits for a restart. */
  reboot_required: boolean;
  /** The HRESULT IUpdateDownloader.Download itself throws (tests), e.g. 0x8024001F when the source is unreachable. */
  download_error?: number;
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
  const restart = { requires_restart: true };
  return [
    update('6b3e5c2a-1f0d-4d38-9a57-0c6f1d2e8a01', cu, ['Security Updates', os], restart),
    update('9d4f7a10-3c2b-4e61-8b7a-2f5e6c1d9b02', `2024-01 Cumulative Update for .NET Framework 3.5, 4.7.2 and 4.8 for ${os} for x64 (KB5034274)`, ['Security Updates', os], restart),
    update('2c8e1b47-5a6d-4f09-b3c1-7e2a9d4f6c03', 'Windows Malicious Software Removal Tool x64 - v5.120 (KB890830)', ['Update Rollups', 'Windows Server 2016', os]),
    update('e1a7c9d3-8b2f-4a6e-9c05-3d1b7f2e4a04', 'Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.403.1234.0)', ['Definition Updates', 'Microsoft Defender Antivirus'], { is_downloaded: true }),
    update('4f2b8d6e-0a3c-4b7d-8e19-5c6a2d0f1b05', `2024-01 Servicing Stack Update for ${os} for x64-based Systems (KB5034863)`, ['Critical Updates', os]),
    update('7a5d3f1c-9e8b-4c2a-a6d4-1b0e3c5f7d06', `2024-01 Cumulative Update Preview for .NET Framework 3.5, 4.7.2 and 4.8 for ${os} for x64 (KB5034439)`, ['Updates', os], { browse_only: true, ...restart }),
    update('3e9c1a5b-7d2f-4e8a-b0c6-9f4d2a1e8c07', 'Microsoft Silverlight (KB4481252)', ['Feature Packs', 'Silverlight'], { is_hidden: true, eula_accepted: false }),
    update('8c0f4e2d-6b1a-4d9c-a3e7-2a5f8b1c0d08', `2023-12 Cumulative Update for ${os} for x64-based Systems (KB5033371)`, ['Security Updates', os], { is_installed: true, ...restart }),
  ];
}

export function windowsUpdateOf(state: HostState): WindowsUpdateState {
  return state.windows_update ?? { updates: defaultUpdates(state), reboot_required: false };
}

/** A boot finishes what waited for it: SystemInfo.RebootRequired is false again (reboot.ts). */
export function clearUpdateRebootRequired(state: HostState): void {
  if (state.windows_update) state.windows_update.reboot_required = false;
}

/** E_ACCESSDENIED as Windows PowerShell 5.1 shows the COM call's exception (UnauthorizedAccessException). */
export const E_ACCESSDENIED = -2147024891;
const ACCESS_DENIED_TEXT = 'Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))';

const SUCCEEDED = 2;
const FAILED = 4;

interface RunResult {
  Id: string;
  ResultCode: number;
  HResult: number;
  RebootRequired: boolean;
}

/** An HResult as the signed 32-bit value .NET gives (IUpdateDownloadResult.HResult is an int). */
const signed = (h: number) => h | 0;

/**
 * Download or install the updates with these ids, as one WUA job: each is found again among the applicable ones
 * (not installed), its EULA accepted, then downloaded or installed. Nothing happens from a network logon.
 */
function runJob(ctx: VerbContext, args: Record<string, unknown>, step: 'download' | 'install'): { Results: RunResult[]; RebootRequired: boolean } {
  if ((ctx.logon ?? 'network') === 'network') throw new WindowsError(E_ACCESSDENIED, ACCESS_DENIED_TEXT);
  const ids = strList(args, 'Id') ?? [];
  const wu = (ctx.state.windows_update ??= windowsUpdateOf(ctx.state));
  const picked = ids.map((id) => {
    const u = wu.updates.find((x) => x.id.toLowerCase() === id.toLowerCase() && !x.is_installed);
    if (!u) throw new WindowsError(1168, 'Element not found.');
    return u;
  });
  // WUA's own HRESULTs have no system message text: .NET's COMException then says only the code.
  if (step === 'download' && wu.download_error !== undefined) {
    const hr = signed(wu.download_error);
    throw new WindowsError(hr, `Exception from HRESULT: 0x${(hr >>> 0).toString(16).toUpperCase().padStart(8, '0')}`);
  }
  const log = (what: string, u: WindowsUpdate, detail: Record<string, unknown> = {}) =>
    ctx.log.append({ host: ctx.state.hostname, account: ctx.account, what, target: u.id, detail: { title: u.title, ...detail } });
  const results = picked.map((u): RunResult => {
    if (u.eula_accepted === false) {
      u.eula_accepted = true;
      log('update.eula.accept', u);
    }
    if (step === 'download') {
      if (u.download_hresult !== undefined) return { Id: u.id, ResultCode: FAILED, HResult: signed(u.download_hresult), RebootRequired: false };
      if (!u.is_downloaded) {
        u.is_downloaded = true;
        log('update.download', u);
      }
      return { Id: u.id, ResultCode: SUCCEEDED, HResult: 0, RebootRequired: false };
    }
    // The installer takes what the downloader left in its cache: the module downloads first, as win_updates does.
    if (!u.is_downloaded) throw new WindowsError(1, `Incorrect function. (the simulator does not model installing update ${u.id}, which is not downloaded)`);
    if (u.install_hresult !== undefined) return { Id: u.id, ResultCode: FAILED, HResult: signed(u.install_hresult), RebootRequired: false };
    u.is_installed = true;
    const restart = u.requires_restart === true;
    if (restart) wu.reboot_required = true;
    log('update.install', u, { reboot_required: restart });
    return { Id: u.id, ResultCode: SUCCEEDED, HResult: 0, RebootRequired: restart };
  });
  return { Results: results, RebootRequired: wu.reboot_required };
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
  'Save-WbWindowsUpdate': (ctx, args) => runJob(ctx, args, 'download'),
  'Install-WbWindowsUpdate': (ctx, args) => runJob(ctx, args, 'install'),
};
