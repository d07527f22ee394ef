/** The system verbs (contract/system.ts) on the host model: identity and boot time (state), restarts (host/reboot.ts). */
import { isAdmin, qualify } from '../host/accounts.ts';
import { abortReboot, bootTime, scheduleReboot } from '../host/reboot.ts';
import { ACCOUNT_NAME_MESSAGES, NERR_MESSAGES } from '../host/account-names.ts';
import { LOGON_MESSAGES } from '../host/logon.ts';
import { WIN32_MESSAGES, WindowsError } from '../host/windows-error.ts';
import { FS_MESSAGES } from './files.ts';
import type { SimVerbTable, VerbContext } from './types.ts';
import { getValue, openKey, regPath } from '../host/registry-hive.ts';

/** FILETIME (100 ns since 1601) → Unix epoch seconds. */
const FILETIME_EPOCH = 116444736000000000n;

export function bootEpoch(filetime: string): number {
  return Number((BigInt(filetime) - FILETIME_EPOCH) / 10000000n);
}

/** shutdown.exe needs SeShutdownPrivilege, which only Administrators hold on a server. */
function checkShutdownRight(ctx: VerbContext): void {
  if (!isAdmin(ctx.state, qualify(ctx.state, ctx.account))) throw new WindowsError(5, 'Access is denied.');
}

/** Every message table the simulated host raises errors from: what FormatMessage would find. */
const MESSAGE_TABLES = [WIN32_MESSAGES, LOGON_MESSAGES, NERR_MESSAGES, ACCOUNT_NAME_MESSAGES, FS_MESSAGES];

export const systemVerbs: SimVerbTable = {
  'Get-WbErrorText': (_ctx, args) => {
    const code = Number(args.Code);
    for (const t of MESSAGE_TABLES) if (t[code] !== undefined) return t[code];
    // What Win32Exception says when FormatMessage knows no text for the code.
    return `Unknown error (0x${(code >>> 0).toString(16)})`;
  },
  'Get-WbHostInfo': (ctx) => {
    const boot = bootEpoch(bootTime(ctx.state));
    return {
      Hostname: ctx.state.hostname,
      BootTime: boot,
      OsVersion: ctx.state.os_version.split('.').slice(0, 3).join('.'),
      Uptime: Math.max(0, Math.floor(Date.now() / 1000) - boot),
    };
  },
  'Invoke-WbReboot': (ctx, args) => {
    checkShutdownRight(ctx);
    const delay = Number(args.DelaySeconds ?? 0);
    if (!Number.isInteger(delay) || delay < 0 || delay > 315360000) throw new WindowsError(87, 'The parameter is incorrect.');
    if (!scheduleReboot(ctx.state, delay, { account: ctx.account, log: ctx.log })) {
      throw new WindowsError(1, 'Incorrect function. (winbook simulator: this host is not behind a simulated listener, so it cannot reboot)');
    }
    return undefined;
  },
  'Stop-WbScheduledReboot': (ctx) => {
    checkShutdownRight(ctx);
    return abortReboot(ctx.state, { account: ctx.account, log: ctx.log });
  },
  'Get-WbSystemInfo': (ctx) => {
    const [major = 10, minor = 0, build = 0, ubr = 0] = ctx.state.os_version.split('.').map((n) => Number(n) || 0);
    const nt = regPath(ctx.state, 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', ctx.account);
    const key = nt ? openKey(ctx.state, nt, ctx.account) : undefined;
    const reg = (name: string): string | null => {
      const v = key ? getValue(key, name) : undefined;
      return v ? String(v.data) : null;
    };
    const domain = ctx.state.domain;
    return {
      NetbiosName: ctx.state.hostname,
      DnsHostName: ctx.state.hostname,
      DnsDomain: domain?.dns ?? '',
      PartOfDomain: domain !== undefined,
      Domain: domain?.dns ?? 'WORKGROUP',
      DomainRole: domain ? 3 : 2,
      OsCaption: `Microsoft ${reg('ProductName') ?? 'Windows Server'}`,
      // [Environment]::OSVersion reports the revision as 0; the update revision (UBR) lives in the registry only.
      OsVersion: `${major}.${minor}.${build}.0`,
      ProductType: 3,
      InstallationType: reg('InstallationType'),
      OsArchitecture: '64-bit',
      ProcessorArchitecture: 9,
      // Windows PowerShell 5.1 ships with the OS: its build and revision are the OS's.
      PowerShellVersion: `5.1.${build}.${ubr}`,
    };
  },
};
