# Façade, Windows side (src/hostapi/contract/accounts.ts): local users and groups (the SAM), names and SIDs, logon
# tests. Windows PowerShell 5.1. LookupAccountNameW/LookupAccountSidW, NetLocalGroup* and NetUserGetLocalGroups,
# LogonUserW through one compiled type (Winbook.AccountsNative, compiled on first use: agents that never touch
# accounts pay no csc.exe start); users through the WinNT ADSI provider (the only API that shows "locked out" and
# "must change password" together with the UserFlags). Errors: Win32Exception with Windows' own text, NERR codes
# (2100-2999) with netmsg.dll's text. Passwords only ever go to SetPassword/LogonUserW, never into a message.

function Initialize-WbAccountsNative {
    if ('Winbook.AccountsNative' -as [type]) { return }
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Security.Principal;
using System.Text;

namespace Winbook
{
    public class AccountLookup
    {
        public string Sid;
        public string Name;
        public string Type;
    }

    public static class AccountsNative
    {
        [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        static extern bool LookupAccountNameW(string systemName, string accountName, byte[] sid, ref uint cbSid, StringBuilder domain, ref uint cchDomain, out int use);
        [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        static extern bool LookupAccountSidW(string systemName, byte[] sid, StringBuilder name, ref uint cchName, StringBuilder domain, ref uint cchDomain, out int use);
        [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        static extern bool LogonUserW(string user, string domain, string password, int type, int provider, out IntPtr token);
        [DllImport("kernel32.dll")] static extern bool CloseHandle(IntPtr handle);
        [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)] static extern IntPtr LoadLibraryExW(string name, IntPtr file, uint flags);
        [DllImport("kernel32.dll")] static extern bool FreeLibrary(IntPtr module);
        [DllImport("kernel32.dll", CharSet = CharSet.Unicode)] static extern int FormatMessageW(int flags, IntPtr source, int id, int language, StringBuilder buffer, int size, IntPtr arguments);

        [StructLayout(LayoutKind.Sequential)] struct LOCALGROUP_MEMBERS_INFO_0 { public IntPtr Sid; }
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)] struct LOCALGROUP_INFO_1 { public string Name; public string Comment; }
        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)] struct LOCALGROUP_INFO_1002 { public string Comment; }

        [DllImport("netapi32.dll", CharSet = CharSet.Unicode)] static extern int NetLocalGroupGetMembers(string server, string group, int level, out IntPtr buffer, int prefMax, out int read, out int total, ref IntPtr resume);
        [DllImport("netapi32.dll", CharSet = CharSet.Unicode)] static extern int NetLocalGroupAddMembers(string server, string group, int level, LOCALGROUP_MEMBERS_INFO_0[] members, int count);
        [DllImport("netapi32.dll", CharSet = CharSet.Unicode)] static extern int NetLocalGroupDelMembers(string server, string group, int level, LOCALGROUP_MEMBERS_INFO_0[] members, int count);
        [DllImport("netapi32.dll", CharSet = CharSet.Unicode)] static extern int NetLocalGroupGetInfo(string server, string group, int level, out IntPtr buffer);
        [DllImport("netapi32.dll", CharSet = CharSet.Unicode)] static extern int NetLocalGroupAdd(string server, int level, ref LOCALGROUP_INFO_1 info, out int parmErr);
        [DllImport("netapi32.dll", CharSet = CharSet.Unicode)] static extern int NetLocalGroupSetInfo(string server, string group, int level, ref LOCALGROUP_INFO_1002 info, out int parmErr);
        [DllImport("netapi32.dll", CharSet = CharSet.Unicode)] static extern int NetLocalGroupDel(string server, string group);
        [DllImport("netapi32.dll", CharSet = CharSet.Unicode)] static extern int NetUserGetLocalGroups(string server, string user, int level, int flags, out IntPtr buffer, int prefMax, out int read, out int total);
        [DllImport("netapi32.dll")] static extern int NetApiBufferFree(IntPtr buffer);

        const int ERROR_INSUFFICIENT_BUFFER = 122;
        const int ERROR_MORE_DATA = 234;
        const int ERROR_NONE_MAPPED = 1332;
        const int ERROR_MEMBER_NOT_IN_ALIAS = 1377;
        const int ERROR_MEMBER_IN_ALIAS = 1378;
        const int NERR_GroupNotFound = 2220;
        const int ERROR_NO_SUCH_ALIAS = 1376;
        const int MAX_PREFERRED_LENGTH = -1;

        static readonly string[] Uses = { "", "User", "Group", "Domain", "Alias", "WellKnownGroup", "DeletedAccount", "Invalid", "Unknown", "Computer", "Label", "LogonSession" };

        // Windows' text for a Win32 or NERR code: NERR texts live in netmsg.dll, not in the system message table.
        public static Win32Exception Error(int code)
        {
            if (code == NERR_GroupNotFound) { code = ERROR_NO_SUCH_ALIAS; }
            if (code >= 2100 && code <= 2999)
            {
                IntPtr lib = LoadLibraryExW("netmsg.dll", IntPtr.Zero, 2);
                if (lib != IntPtr.Zero)
                {
                    try
                    {
                        StringBuilder text = new StringBuilder(2048);
                        int n = FormatMessageW(0x800 | 0x200, lib, code, 0, text, text.Capacity, IntPtr.Zero);
                        if (n > 0) { return new Win32Exception(code, text.ToString().Trim()); }
                    }
                    finally { FreeLibrary(lib); }
                }
            }
            return new Win32Exception(code);
        }

        static byte[] SidBytes(string sid)
        {
            SecurityIdentifier id;
            try { id = new SecurityIdentifier(sid); }
            catch (ArgumentException) { throw new Win32Exception(1337); }
            byte[] bytes = new byte[id.BinaryLength];
            id.GetBinaryForm(bytes, 0);
            return bytes;
        }

        // LookupAccountSid; null for a SID that maps to no account (an orphan).
        public static AccountLookup BySid(string sid)
        {
            byte[] bytes = SidBytes(sid);
            uint cchName = 0;
            uint cchDomain = 0;
            int use;
            LookupAccountSidW(null, bytes, null, ref cchName, null, ref cchDomain, out use);
            int err = Marshal.GetLastWin32Error();
            if (err == ERROR_NONE_MAPPED) { return null; }
            if (err != ERROR_INSUFFICIENT_BUFFER) { throw Error(err); }
            StringBuilder name = new StringBuilder((int)cchName + 1);
            StringBuilder domain = new StringBuilder((int)cchDomain + 1);
            if (!LookupAccountSidW(null, bytes, name, ref cchName, domain, ref cchDomain, out use))
            {
                err = Marshal.GetLastWin32Error();
                if (err == ERROR_NONE_MAPPED) { return null; }
                throw Error(err);
            }
            AccountLookup r = new AccountLookup();
            r.Sid = new SecurityIdentifier(bytes, 0).Value;
            r.Name = domain.Length > 0 ? domain.ToString() + "\\" + name.ToString() : name.ToString();
            r.Type = use >= 0 && use < Uses.Length ? Uses[use] : "Unknown";
            return r;
        }

        // LookupAccountName, then LookupAccountSid for the canonical spelling. Throws 1332 when the name does not map.
        public static AccountLookup ByName(string accountName)
        {
            uint cbSid = 0;
            uint cchDomain = 0;
            int use;
            LookupAccountNameW(null, accountName, null, ref cbSid, null, ref cchDomain, out use);
            int err = Marshal.GetLastWin32Error();
            if (err != ERROR_INSUFFICIENT_BUFFER) { throw Error(err); }
            byte[] sid = new byte[cbSid];
            StringBuilder domain = new StringBuilder((int)cchDomain + 1);
            if (!LookupAccountNameW(null, accountName, sid, ref cbSid, domain, ref cchDomain, out use)) { throw Error(Marshal.GetLastWin32Error()); }
            string sidString = new SecurityIdentifier(sid, 0).Value;
            AccountLookup r = BySid(sidString);
            if (r != null) { return r; }
            r = new AccountLookup();
            r.Sid = sidString;
            r.Name = accountName;
            r.Type = use >= 0 && use < Uses.Length ? Uses[use] : "Unknown";
            return r;
        }

        // LogonUserW: 0, or the Win32 error of the failed logon (never thrown: the caller decides).
        public static int Logon(string user, string domain, string password, int type)
        {
            IntPtr token;
            if (!LogonUserW(user, domain, password, type, 0, out token)) { return Marshal.GetLastWin32Error(); }
            CloseHandle(token);
            return 0;
        }

        public static string[] GroupMemberSids(string group)
        {
            List<string> sids = new List<string>();
            IntPtr resume = IntPtr.Zero;
            int status;
            do
            {
                IntPtr buffer;
                int read;
                int total;
                status = NetLocalGroupGetMembers(null, group, 0, out buffer, MAX_PREFERRED_LENGTH, out read, out total, ref resume);
                if (status != 0 && status != ERROR_MORE_DATA) { throw Error(status); }
                try
                {
                    for (int i = 0; i < read; i++)
                    {
                        IntPtr pSid = Marshal.ReadIntPtr(buffer, i * IntPtr.Size);
                        sids.Add(new SecurityIdentifier(pSid).Value);
                    }
                }
                finally { if (buffer != IntPtr.Zero) { NetApiBufferFree(buffer); } }
            } while (status == ERROR_MORE_DATA);
            return sids.ToArray();
        }

        static int ChangeMember(string group, string sid, bool add)
        {
            byte[] bytes = SidBytes(sid);
            GCHandle pin = GCHandle.Alloc(bytes, GCHandleType.Pinned);
            try
            {
                LOCALGROUP_MEMBERS_INFO_0[] members = new LOCALGROUP_MEMBERS_INFO_0[1];
                members[0].Sid = pin.AddrOfPinnedObject();
                return add ? NetLocalGroupAddMembers(null, group, 0, members, 1) : NetLocalGroupDelMembers(null, group, 0, members, 1);
            }
            finally { pin.Free(); }
        }

        public static bool AddMember(string group, string sid)
        {
            int status = ChangeMember(group, sid, true);
            if (status == ERROR_MEMBER_IN_ALIAS) { return false; }
            if (status != 0) { throw Error(status); }
            return true;
        }

        public static bool RemoveMember(string group, string sid)
        {
            int status = ChangeMember(group, sid, false);
            if (status == ERROR_MEMBER_NOT_IN_ALIAS) { return false; }
            if (status != 0) { throw Error(status); }
            return true;
        }

        // NetLocalGroupGetInfo level 1: { name, comment }; null when there is no such local group.
        public static string[] GroupInfo(string group)
        {
            IntPtr buffer;
            int status = NetLocalGroupGetInfo(null, group, 1, out buffer);
            if (status == ERROR_NO_SUCH_ALIAS || status == NERR_GroupNotFound) { return null; }
            if (status != 0) { throw Error(status); }
            try
            {
                LOCALGROUP_INFO_1 info = (LOCALGROUP_INFO_1)Marshal.PtrToStructure(buffer, typeof(LOCALGROUP_INFO_1));
                return new string[] { info.Name, info.Comment ?? "" };
            }
            finally { NetApiBufferFree(buffer); }
        }

        public static void AddGroup(string group, string comment)
        {
            LOCALGROUP_INFO_1 info = new LOCALGROUP_INFO_1();
            info.Name = group;
            info.Comment = comment;
            int parmErr;
            int status = NetLocalGroupAdd(null, 1, ref info, out parmErr);
            if (status != 0) { throw Error(status); }
        }

        public static void SetGroupComment(string group, string comment)
        {
            LOCALGROUP_INFO_1002 info = new LOCALGROUP_INFO_1002();
            info.Comment = comment;
            int parmErr;
            int status = NetLocalGroupSetInfo(null, group, 1002, ref info, out parmErr);
            if (status != 0) { throw Error(status); }
        }

        public static void DeleteGroup(string group)
        {
            int status = NetLocalGroupDel(null, group);
            if (status != 0) { throw Error(status); }
        }

        // NetUserGetLocalGroups level 0, flags 0: the local groups the user is a direct member of.
        public static string[] UserLocalGroups(string user)
        {
            IntPtr buffer;
            int read;
            int total;
            int status = NetUserGetLocalGroups(null, user, 0, 0, out buffer, MAX_PREFERRED_LENGTH, out read, out total);
            if (status != 0) { throw Error(status); }
            try
            {
                string[] names = new string[read];
                for (int i = 0; i < read; i++) { names[i] = Marshal.PtrToStringUni(Marshal.ReadIntPtr(buffer, i * IntPtr.Size)); }
                return names;
            }
            finally { NetApiBufferFree(buffer); }
        }
    }
}
'@
}

# Throws the contract's error for any exception from a native call or ADSI: the innermost Win32Exception, or the
# Win32 code inside a COMException's HRESULT (0x8007xxxx) with Windows' text.
function Write-WbAccountsError {
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $e = ConvertTo-WbWin32Exception -Exception $ErrorRecord
    if ($e -is [ComponentModel.Win32Exception]) { throw $e }
    $inner = $ErrorRecord
    if ($inner -is [Management.Automation.ErrorRecord]) { $inner = $inner.Exception }
    while ($null -ne $inner) {
        if ($inner -is [Runtime.InteropServices.COMException]) {
            # HRESULT_FROM_WIN32: facility 7 (FACILITY_WIN32), the Win32 code in the low word. Kept in Int32 (5.1 reads
            # 0x80070000 as a negative Int32, so mixing it with Int64 arithmetic would never match).
            $hr = [int]$inner.ErrorCode
            if ((($hr -shr 16) -band 0x1FFF) -eq 7) {
                Initialize-WbAccountsNative
                throw ([Winbook.AccountsNative]::Error(($hr -band 0xFFFF)))
            }
        }
        $inner = $inner.InnerException
    }
    throw $ErrorRecord
}

function Write-WbAccountsCode {
    param([Parameter(Mandatory = $true)][int]$Code)
    Initialize-WbAccountsNative
    throw ([Winbook.AccountsNative]::Error($Code))
}

# A local account name without its machine part: `.\x`, `HOST\x` and `x` give `x`; another domain gives $null.
function ConvertTo-WbLocalName {
    param([Parameter(Mandatory = $true)][string]$Name, [switch]$AllowBuiltin)
    $n = $Name.Trim()
    $i = $n.IndexOf('\')
    if ($i -lt 0) { return $n }
    $domain = $n.Substring(0, $i)
    if ($domain -eq '.' -or $domain -eq $env:COMPUTERNAME -or ($AllowBuiltin -and $domain -eq 'BUILTIN')) { return $n.Substring($i + 1) }
    return $null
}

# The name LookupAccountName understands: `.\x` as HOST\x, the service accounts' short names as NT AUTHORITY's.
function ConvertTo-WbLookupName {
    param([Parameter(Mandatory = $true)][string]$Name)
    $n = $Name.Trim()
    $wellKnown = @{
        'localsystem' = 'NT AUTHORITY\SYSTEM'; '.\localsystem' = 'NT AUTHORITY\SYSTEM'; 'system' = 'NT AUTHORITY\SYSTEM'
        'localservice' = 'NT AUTHORITY\LOCAL SERVICE'; 'nt authority\localservice' = 'NT AUTHORITY\LOCAL SERVICE'
        'networkservice' = 'NT AUTHORITY\NETWORK SERVICE'; 'nt authority\networkservice' = 'NT AUTHORITY\NETWORK SERVICE'
    }
    $key = $n.ToLowerInvariant()
    if ($wellKnown.ContainsKey($key)) { return $wellKnown[$key] }
    if ($n.StartsWith('.\')) { return "$env:COMPUTERNAME\$($n.Substring(2))" }
    return $n
}

function ConvertTo-WbAccountObject {
    param($Lookup, [string]$Sid)
    if ($null -eq $Lookup) { return [pscustomobject]@{ Sid = $Sid; Name = $null; Type = $null } }
    [pscustomobject]@{ Sid = [string]$Lookup.Sid; Name = [string]$Lookup.Name; Type = [string]$Lookup.Type }
}

function Resolve-WbAccount {
    param([Parameter(Mandatory = $true)][string]$Name)
    Initialize-WbAccountsNative
    $n = $Name.Trim()
    try {
        if ($n -match '^S-1-(\d+-)*\d+$') {
            $sid = (New-Object Security.Principal.SecurityIdentifier -ArgumentList $n).Value
            return (ConvertTo-WbAccountObject -Lookup ([Winbook.AccountsNative]::BySid($sid)) -Sid $sid)
        }
        if ($n -match '^S-1-') { Write-WbAccountsCode -Code 1337 }
        return (ConvertTo-WbAccountObject -Lookup ([Winbook.AccountsNative]::ByName((ConvertTo-WbLookupName -Name $n))))
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function Get-WbAccountName {
    param([Parameter(Mandatory = $true)][string]$Sid)
    Initialize-WbAccountsNative
    try {
        $r = [Winbook.AccountsNative]::BySid($Sid.Trim())
        if ($null -eq $r) { return $null }
        return [string]$r.Name
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

# ---- local users (WinNT provider) ----

function Get-WbAdsiUser {
    param([Parameter(Mandatory = $true)][string]$Name)
    $short = ConvertTo-WbLocalName -Name $Name
    if ($null -eq $short -or $short -eq '') { return $null }
    $path = "WinNT://$env:COMPUTERNAME/$short,user"
    if (-not [DirectoryServices.DirectoryEntry]::Exists($path)) { return $null }
    return [ADSI]$path
}

function Get-WbAdsiUserOrThrow {
    param([Parameter(Mandatory = $true)][string]$Name)
    $u = Get-WbAdsiUser -Name $Name
    if ($null -eq $u) { Write-WbAccountsCode -Code 2221 }
    return $u
}

function ConvertTo-WbIsoDate {
    param($User, [string]$Property)
    # InvokeGet throws when the property is unset (never logged on, never expires).
    try { $v = $User.InvokeGet($Property) } catch { return $null }
    if ($null -eq $v) { return $null }
    $d = [datetime]$v
    if ($d.Year -le 1970) { return $null }
    return $d.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
}

function ConvertTo-WbUserObject {
    param([Parameter(Mandatory = $true)]$User)
    $flags = [int]$User.UserFlags.Value
    $locked = [bool]$User.InvokeGet('IsAccountLocked')
    [pscustomobject]@{
        Name                     = [string]$User.Name.Value
        FullName                 = "$($User.FullName.Value)"
        Description              = "$($User.Description.Value)"
        HomeDirectory            = "$($User.HomeDirectory.Value)"
        LoginScript              = "$($User.LoginScript.Value)"
        Profile                  = "$($User.Profile.Value)"
        Sid                      = (New-Object Security.Principal.SecurityIdentifier -ArgumentList ([byte[]]$User.objectSid.Value), 0).Value
        Enabled                  = (($flags -band 2) -eq 0)
        PasswordNeverExpires     = (($flags -band 65536) -ne 0)
        UserMayNotChangePassword = (($flags -band 64) -ne 0)
        PasswordExpired          = ([int]$User.PasswordExpired.Value -eq 1)
        AccountLocked            = $locked
        AccountExpires           = (ConvertTo-WbIsoDate -User $User -Property 'AccountExpirationDate')
        LastLogon                = (ConvertTo-WbIsoDate -User $User -Property 'LastLogin')
    }
}

function Get-WbLocalUser {
    param([Parameter(Mandatory = $true)][string]$Name)
    try {
        $u = Get-WbAdsiUser -Name $Name
        if ($null -eq $u) { return $null }
        return (ConvertTo-WbUserObject -User $u)
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function Get-WbLocalUserGroup {
    param([Parameter(Mandatory = $true)][string]$Name)
    Initialize-WbAccountsNative
    $short = ConvertTo-WbLocalName -Name $Name
    if ($null -eq $short) { Write-WbAccountsCode -Code 2221 }
    try {
        foreach ($g in @([Winbook.AccountsNative]::UserLocalGroups($short))) { Get-WbLocalGroup -Name $g }
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function New-WbLocalUser {
    param([Parameter(Mandatory = $true)][string]$Name, [string]$Password, [string]$FullName, [string]$Description)
    try {
        $computer = [ADSI]"WinNT://$env:COMPUTERNAME,computer"
        $u = $computer.Create('User', $Name)
        if ($PSBoundParameters.ContainsKey('Password') -and $Password -ne '') { $u.SetPassword($Password) }
        if ($PSBoundParameters.ContainsKey('FullName')) { $u.Put('FullName', $FullName) }
        if ($PSBoundParameters.ContainsKey('Description')) { $u.Put('Description', $Description) }
        $u.SetInfo()
        return (ConvertTo-WbUserObject -User (Get-WbAdsiUserOrThrow -Name $Name))
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function Set-WbLocalUser {
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [string]$FullName, [string]$Description, [string]$HomeDirectory, [string]$LoginScript, [string]$Profile,
        [bool]$Enabled, [bool]$PasswordNeverExpires, [bool]$UserMayNotChangePassword, [bool]$PasswordExpired,
        [switch]$Unlock
    )
    try {
        $u = Get-WbAdsiUserOrThrow -Name $Name
        $changed = $false
        if ($PSBoundParameters.ContainsKey('FullName') -and "$($u.FullName.Value)" -cne $FullName) { $u.Put('FullName', $FullName); $changed = $true }
        if ($PSBoundParameters.ContainsKey('Description') -and "$($u.Description.Value)" -cne $Description) { $u.Put('Description', $Description); $changed = $true }
        foreach ($p in @('HomeDirectory', 'LoginScript', 'Profile')) {
            if ($PSBoundParameters.ContainsKey($p) -and "$($u.$p.Value)" -cne [string]$PSBoundParameters[$p]) { $u.Put($p, [string]$PSBoundParameters[$p]); $changed = $true }
        }
        $flags = [int]$u.UserFlags.Value
        $newFlags = $flags
        $bits = @(
            @{ Param = 'Enabled'; Bit = 2; SetWhen = $false },
            @{ Param = 'PasswordNeverExpires'; Bit = 65536; SetWhen = $true },
            @{ Param = 'UserMayNotChangePassword'; Bit = 64; SetWhen = $true }
        )
        foreach ($b in $bits) {
            if (-not $PSBoundParameters.ContainsKey($b.Param)) { continue }
            if ([bool]$PSBoundParameters[$b.Param] -eq $b.SetWhen) { $newFlags = $newFlags -bor $b.Bit } else { $newFlags = $newFlags -band (-bnot $b.Bit) }
        }
        if ($newFlags -ne $flags) { $u.Put('UserFlags', $newFlags); $changed = $true }
        if ($PSBoundParameters.ContainsKey('PasswordExpired') -and (([int]$u.PasswordExpired.Value -eq 1) -ne $PasswordExpired)) {
            $u.Put('PasswordExpired', [int]$PasswordExpired)
            $changed = $true
        }
        if ($Unlock -and [bool]$u.InvokeGet('IsAccountLocked')) { $u.InvokeSet('IsAccountLocked', $false); $changed = $true }
        if ($changed) { $u.SetInfo() }
        return $changed
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function Set-WbLocalUserPassword {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Password)
    try {
        $u = Get-WbAdsiUserOrThrow -Name $Name
        $u.SetPassword($Password)
        if ([int]$u.PasswordExpired.Value -eq 1) { $u.Put('PasswordExpired', 0); $u.SetInfo() }
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

# LogonUserW's user and domain for an account name: `.\x` and `x` are local, `D\x` is D's, `x@d` a UPN.
function Invoke-WbLogon {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Password, [int]$LogonType)
    Initialize-WbAccountsNative
    $n = $Name.Trim()
    $domain = '.'
    $user = $n
    $i = $n.IndexOf('\')
    if ($i -ge 0) { $domain = $n.Substring(0, $i); $user = $n.Substring($i + 1) }
    elseif ($n.Contains('@')) { $domain = $null }
    return [Winbook.AccountsNative]::Logon($user, $domain, $Password, $LogonType)
}

function Test-WbPassword {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Password)
    # LOGON32_LOGON_NETWORK = 3
    Invoke-WbLogon -Name $Name -Password $Password -LogonType 3
}

function Test-WbServiceLogon {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Password)
    # LOGON32_LOGON_SERVICE = 5
    Invoke-WbLogon -Name $Name -Password $Password -LogonType 5
}

function Remove-WbLocalUser {
    param([Parameter(Mandatory = $true)][string]$Name)
    try {
        $u = Get-WbAdsiUserOrThrow -Name $Name
        $computer = [ADSI]"WinNT://$env:COMPUTERNAME,computer"
        $computer.Delete('User', [string]$u.Name.Value)
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

# ---- local groups (NetLocalGroup*) ----

# The SAM's short name of a local group given by name or SID; $null when it is not a local group of this machine.
function Get-WbLocalGroupName {
    param([Parameter(Mandatory = $true)][string]$Name)
    Initialize-WbAccountsNative
    $n = $Name.Trim()
    if ($n -match '^S-1-(\d+-)*\d+$') {
        $r = [Winbook.AccountsNative]::BySid($n)
        if ($null -eq $r -or $r.Type -ne 'Alias') { return $null }
        $n = [string]$r.Name
    }
    $short = ConvertTo-WbLocalName -Name $n -AllowBuiltin
    if ($null -eq $short -or $short -eq '') { return $null }
    $info = [Winbook.AccountsNative]::GroupInfo($short)
    if ($null -eq $info) { return $null }
    return [string]$info[0]
}

function Get-WbLocalGroupNameOrThrow {
    param([Parameter(Mandatory = $true)][string]$Name)
    $g = Get-WbLocalGroupName -Name $Name
    if ($null -eq $g) { Write-WbAccountsCode -Code 1376 }
    return $g
}

function Get-WbLocalGroup {
    param([Parameter(Mandatory = $true)][string]$Name)
    try {
        $g = Get-WbLocalGroupName -Name $Name
        if ($null -eq $g) { return $null }
        $info = [Winbook.AccountsNative]::GroupInfo($g)
        # LookupAccountName searches BUILTIN before the machine's own accounts: the bare name finds either kind.
        $lookup = [Winbook.AccountsNative]::ByName($g)
        return [pscustomobject]@{ Name = [string]$info[0]; Sid = [string]$lookup.Sid; Description = [string]$info[1] }
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function New-WbLocalGroup {
    param([Parameter(Mandatory = $true)][string]$Name, [string]$Description)
    Initialize-WbAccountsNative
    try {
        $comment = $null
        if ($PSBoundParameters.ContainsKey('Description')) { $comment = $Description }
        [Winbook.AccountsNative]::AddGroup($Name, $comment)
        return (Get-WbLocalGroup -Name $Name)
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function Set-WbLocalGroup {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Description)
    try {
        $g = Get-WbLocalGroupNameOrThrow -Name $Name
        $info = [Winbook.AccountsNative]::GroupInfo($g)
        if ([string]$info[1] -ceq $Description) { return $false }
        [Winbook.AccountsNative]::SetGroupComment($g, $Description)
        return $true
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function Remove-WbLocalGroup {
    param([Parameter(Mandatory = $true)][string]$Name)
    try { [Winbook.AccountsNative]::DeleteGroup((Get-WbLocalGroupNameOrThrow -Name $Name)) }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function Get-WbLocalGroupMember {
    param([Parameter(Mandatory = $true)][string]$Name)
    try {
        $g = Get-WbLocalGroupNameOrThrow -Name $Name
        foreach ($sid in @([Winbook.AccountsNative]::GroupMemberSids($g))) {
            ConvertTo-WbAccountObject -Lookup ([Winbook.AccountsNative]::BySid($sid)) -Sid $sid
        }
    }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function Add-WbLocalGroupMember {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Sid)
    try { return [Winbook.AccountsNative]::AddMember((Get-WbLocalGroupNameOrThrow -Name $Name), $Sid.Trim()) }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}

function Remove-WbLocalGroupMember {
    param([Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Sid)
    try { return [Winbook.AccountsNative]::RemoveMember((Get-WbLocalGroupNameOrThrow -Name $Name), $Sid.Trim()) }
    catch { Write-WbAccountsError -ErrorRecord $_ }
}
