# Façade, Windows side (src/hostapi/contract/services.ts): the SCM configuration no cmdlet or CIM method reads or
# writes — QueryServiceConfig/QueryServiceConfig2 and ChangeServiceConfig/ChangeServiceConfig2 for the service type
# (with SERVICE_INTERACTIVE_PROCESS), error control, load order group, failure actions, the service SID type, the
# required privileges, the preshutdown time-out, the triggers, launch protection and preferred NUMA node, and
# QueryServiceStatusEx for the service's process id and flags. Windows PowerShell 5.1, through one compiled type
# (Winbook.ScmNative, compiled on first use). Errors: the API's own Win32Exception.

function Initialize-WbScmNative {
    if ('Winbook.ScmNative' -as [type]) { return }
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Winbook
{
    public class ScmConfig
    {
        public uint ServiceType;
        public uint ErrorControl;
        public string LoadOrderGroup;
        public uint ResetPeriod;
        public string RebootMsg;
        public string Command;
        public uint[] ActionTypes;
        public uint[] ActionDelays;
        public bool FailureActionsOnNonCrashFailures;
        public uint SidInfo;
        public string[] RequiredPrivileges;
        public uint PreShutdownTimeout;
        public uint LaunchProtection;
        // -1: the query failed with ERROR_INVALID_PARAMETER (a host without NUMA support).
        public int PreferredNode = -1;
        public ScmTrigger[] Triggers = new ScmTrigger[0];
        public uint ProcessId;
        public uint ServiceFlags;
    }

    // One SERVICE_TRIGGER; each data item's Data is decoded by type as ansible.windows' SCManager utility decodes it:
    // a string or string[] (REG_SZ / REG_MULTI_SZ), a byte (level), a UInt64 (keywords), bytes (binary).
    public class ScmTrigger
    {
        public uint Type;
        public uint Action;
        public string SubType;
        public uint[] DataTypes;
        public object[] Data;
    }

    public static class ScmNative
    {
        const uint SC_MANAGER_CONNECT = 0x1;
        const uint SERVICE_QUERY_CONFIG = 0x1;
        const uint SERVICE_CHANGE_CONFIG = 0x2;
        const uint SERVICE_QUERY_STATUS = 0x4;
        const uint SERVICE_START = 0x10;
        const uint SERVICE_NO_CHANGE = 0xFFFFFFFF;
        public const uint FAILURE_ACTIONS = 2;
        public const uint FAILURE_ACTIONS_FLAG = 4;
        public const uint SERVICE_SID_INFO = 5;
        public const uint REQUIRED_PRIVILEGES_INFO = 6;
        public const uint PRESHUTDOWN_INFO = 7;
        public const uint TRIGGER_INFO = 8;
        public const uint PREFERRED_NODE = 9;
        public const uint LAUNCH_PROTECTED = 12;
        const uint SC_ACTION_REBOOT = 2;
        const int SE_SHUTDOWN_PRIVILEGE = 19;

        [StructLayout(LayoutKind.Sequential)]
        struct QUERY_SERVICE_CONFIGW { public uint dwServiceType; public uint dwStartType; public uint dwErrorControl; public IntPtr lpBinaryPathName; public IntPtr lpLoadOrderGroup; public uint dwTagId; public IntPtr lpDependencies; public IntPtr lpServiceStartName; public IntPtr lpDisplayName; }

        [StructLayout(LayoutKind.Sequential)]
        struct SERVICE_TRIGGER_INFO { public uint cTriggers; public IntPtr pTriggers; public IntPtr pReserved; }

        [StructLayout(LayoutKind.Sequential)]
        struct SERVICE_TRIGGER { public uint dwTriggerType; public uint dwAction; public IntPtr pTriggerSubtype; public uint cDataItems; public IntPtr pDataItems; }

        [StructLayout(LayoutKind.Sequential)]
        struct SERVICE_TRIGGER_SPECIFIC_DATA_ITEM { public uint dwDataType; public uint cbData; public IntPtr pData; }

        [StructLayout(LayoutKind.Sequential)]
        struct SERVICE_STATUS_PROCESS { public uint dwServiceType; public uint dwCurrentState; public uint dwControlsAccepted; public uint dwWin32ExitCode; public uint dwServiceSpecificExitCode; public uint dwCheckPoint; public uint dwWaitHint; public uint dwProcessId; public uint dwServiceFlags; }

        [StructLayout(LayoutKind.Sequential)]
        struct SERVICE_FAILURE_ACTIONSW { public uint dwResetPeriod; public IntPtr lpRebootMsg; public IntPtr lpCommand; public uint cActions; public IntPtr lpsaActions; }

        [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)] static extern IntPtr OpenSCManagerW(string machine, string database, uint access);
        [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)] static extern IntPtr OpenServiceW(IntPtr scm, string name, uint access);
        [DllImport("advapi32.dll", SetLastError = true)] static extern bool CloseServiceHandle(IntPtr handle);
        [DllImport("advapi32.dll", SetLastError = true)] static extern bool QueryServiceConfigW(IntPtr service, IntPtr buffer, uint size, out uint needed);
        [DllImport("advapi32.dll", SetLastError = true)] static extern bool QueryServiceConfig2W(IntPtr service, uint level, IntPtr buffer, uint size, out uint needed);
        [DllImport("advapi32.dll", SetLastError = true)] static extern bool QueryServiceStatusEx(IntPtr service, uint infoLevel, out SERVICE_STATUS_PROCESS buffer, uint size, out uint needed);
        [DllImport("advapi32.dll", SetLastError = true)] static extern bool ChangeServiceConfig2W(IntPtr service, uint level, IntPtr info);
        [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)] static extern bool ChangeServiceConfigW(IntPtr service, uint type, uint start, uint errorControl, string path, string group, IntPtr tagId, string dependencies, string startName, string password, string displayName);
        [DllImport("ntdll.dll")] static extern int RtlAdjustPrivilege(int privilege, bool enable, bool currentThread, out bool wasEnabled);

        static IntPtr Open(string name, uint access)
        {
            IntPtr scm = OpenSCManagerW(null, null, SC_MANAGER_CONNECT);
            if (scm == IntPtr.Zero) throw new Win32Exception(Marshal.GetLastWin32Error());
            try
            {
                IntPtr h = OpenServiceW(scm, name, access);
                if (h == IntPtr.Zero) throw new Win32Exception(Marshal.GetLastWin32Error());
                return h;
            }
            finally { CloseServiceHandle(scm); }
        }

        // The two-call pattern: the size first (ERROR_INSUFFICIENT_BUFFER), then the data. The caller frees it.
        static IntPtr Query(IntPtr h, int level)
        {
            uint needed;
            bool ok = level < 0 ? QueryServiceConfigW(h, IntPtr.Zero, 0, out needed) : QueryServiceConfig2W(h, (uint)level, IntPtr.Zero, 0, out needed);
            int err = Marshal.GetLastWin32Error();
            if (!ok && err != 122) throw new Win32Exception(err);
            IntPtr buffer = Marshal.AllocHGlobal((int)Math.Max(needed, 64));
            ok = level < 0 ? QueryServiceConfigW(h, buffer, Math.Max(needed, 64), out needed) : QueryServiceConfig2W(h, (uint)level, buffer, Math.Max(needed, 64), out needed);
            if (!ok)
            {
                err = Marshal.GetLastWin32Error();
                Marshal.FreeHGlobal(buffer);
                throw new Win32Exception(err);
            }
            return buffer;
        }

        static string Text(IntPtr p) { return p == IntPtr.Zero ? null : Marshal.PtrToStringUni(p); }

        static string[] MultiString(IntPtr p)
        {
            List<string> list = new List<string>();
            if (p == IntPtr.Zero) return list.ToArray();
            while (true)
            {
                string s = Marshal.PtrToStringUni(p);
                if (String.IsNullOrEmpty(s)) break;
                list.Add(s);
                p = IntPtr.Add(p, (s.Length + 1) * 2);
            }
            return list.ToArray();
        }

        // SERVICE_TRIGGER_INFO's triggers, their subtype GUIDs and data items copied out of the buffer.
        static ScmTrigger[] Triggers(IntPtr b)
        {
            SERVICE_TRIGGER_INFO info = (SERVICE_TRIGGER_INFO)Marshal.PtrToStructure(b, typeof(SERVICE_TRIGGER_INFO));
            ScmTrigger[] list = new ScmTrigger[info.cTriggers];
            int size = Marshal.SizeOf(typeof(SERVICE_TRIGGER));
            int itemSize = Marshal.SizeOf(typeof(SERVICE_TRIGGER_SPECIFIC_DATA_ITEM));
            for (int i = 0; i < list.Length; i++)
            {
                SERVICE_TRIGGER t = (SERVICE_TRIGGER)Marshal.PtrToStructure(IntPtr.Add(info.pTriggers, i * size), typeof(SERVICE_TRIGGER));
                ScmTrigger x = new ScmTrigger();
                x.Type = t.dwTriggerType;
                x.Action = t.dwAction;
                x.SubType = ((Guid)Marshal.PtrToStructure(t.pTriggerSubtype, typeof(Guid))).ToString();
                x.DataTypes = new uint[t.cDataItems];
                x.Data = new object[t.cDataItems];
                for (int j = 0; j < t.cDataItems; j++)
                {
                    SERVICE_TRIGGER_SPECIFIC_DATA_ITEM d = (SERVICE_TRIGGER_SPECIFIC_DATA_ITEM)Marshal.PtrToStructure(IntPtr.Add(t.pDataItems, j * itemSize), typeof(SERVICE_TRIGGER_SPECIFIC_DATA_ITEM));
                    byte[] bytes = new byte[d.cbData];
                    if (d.cbData > 0) Marshal.Copy(d.pData, bytes, 0, bytes.Length);
                    x.DataTypes[j] = d.dwDataType;
                    x.Data[j] = TriggerData(d.dwDataType, bytes);
                }
                list[i] = x;
            }
            return list;
        }

        static object TriggerData(uint type, byte[] bytes)
        {
            switch (type)
            {
                case 2:
                    string text = System.Text.Encoding.Unicode.GetString(bytes);
                    if (text.EndsWith("\0\0")) return text.Split(new char[] { '\0' }, StringSplitOptions.RemoveEmptyEntries);
                    return text.EndsWith("\0") ? text.Substring(0, text.Length - 1) : text;
                case 3:
                    return bytes.Length > 0 ? bytes[0] : (byte)0;
                case 4:
                case 5:
                    return bytes.Length >= 8 ? BitConverter.ToUInt64(bytes, 0) : 0UL;
                default:
                    return bytes;
            }
        }

        public static ScmConfig Read(string name)
        {
            ScmConfig c = new ScmConfig();
            IntPtr h = Open(name, SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS);
            try
            {
                SERVICE_STATUS_PROCESS status;
                uint statusSize;
                // SC_STATUS_PROCESS_INFO (0): the process id is 0 while the service is stopped.
                if (!QueryServiceStatusEx(h, 0, out status, (uint)Marshal.SizeOf(typeof(SERVICE_STATUS_PROCESS)), out statusSize))
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                c.ProcessId = status.dwProcessId;
                c.ServiceFlags = status.dwServiceFlags;
                IntPtr b = Query(h, -1);
                try
                {
                    QUERY_SERVICE_CONFIGW q = (QUERY_SERVICE_CONFIGW)Marshal.PtrToStructure(b, typeof(QUERY_SERVICE_CONFIGW));
                    c.ServiceType = q.dwServiceType;
                    c.ErrorControl = q.dwErrorControl;
                    c.LoadOrderGroup = Text(q.lpLoadOrderGroup) ?? "";
                }
                finally { Marshal.FreeHGlobal(b); }
                // Drivers have no failure actions, SID type, privileges or preshutdown time-out: the defaults stay.
                c.ActionTypes = new uint[0];
                c.ActionDelays = new uint[0];
                c.RequiredPrivileges = new string[0];
                if ((c.ServiceType & 0x0F) != 0) return c;
                b = Query(h, (int)FAILURE_ACTIONS);
                try
                {
                    SERVICE_FAILURE_ACTIONSW f = (SERVICE_FAILURE_ACTIONSW)Marshal.PtrToStructure(b, typeof(SERVICE_FAILURE_ACTIONSW));
                    c.ResetPeriod = f.dwResetPeriod;
                    c.RebootMsg = Text(f.lpRebootMsg);
                    c.Command = Text(f.lpCommand);
                    c.ActionTypes = new uint[f.cActions];
                    c.ActionDelays = new uint[f.cActions];
                    for (int i = 0; i < f.cActions; i++)
                    {
                        c.ActionTypes[i] = (uint)Marshal.ReadInt32(f.lpsaActions, i * 8);
                        c.ActionDelays[i] = (uint)Marshal.ReadInt32(f.lpsaActions, i * 8 + 4);
                    }
                }
                finally { Marshal.FreeHGlobal(b); }
                b = Query(h, (int)FAILURE_ACTIONS_FLAG);
                try { c.FailureActionsOnNonCrashFailures = Marshal.ReadInt32(b) != 0; } finally { Marshal.FreeHGlobal(b); }
                b = Query(h, (int)SERVICE_SID_INFO);
                try { c.SidInfo = (uint)Marshal.ReadInt32(b); } finally { Marshal.FreeHGlobal(b); }
                b = Query(h, (int)REQUIRED_PRIVILEGES_INFO);
                try { c.RequiredPrivileges = MultiString(Marshal.ReadIntPtr(b)); } finally { Marshal.FreeHGlobal(b); }
                b = Query(h, (int)PRESHUTDOWN_INFO);
                try { c.PreShutdownTimeout = (uint)Marshal.ReadInt32(b); } finally { Marshal.FreeHGlobal(b); }
                b = Query(h, (int)TRIGGER_INFO);
                try { c.Triggers = Triggers(b); } finally { Marshal.FreeHGlobal(b); }
                // Windows 8.1 and later; an older SCM refuses the level with ERROR_INVALID_PARAMETER: no protection.
                try
                {
                    b = Query(h, (int)LAUNCH_PROTECTED);
                    try { c.LaunchProtection = (uint)Marshal.ReadInt32(b); } finally { Marshal.FreeHGlobal(b); }
                }
                catch (Win32Exception e) { if (e.NativeErrorCode != 87) throw; }
                // SERVICE_PREFERRED_NODE_INFO { USHORT usPreferredNode; BOOLEAN fDelete; }: 87 on a host without NUMA.
                try
                {
                    b = Query(h, (int)PREFERRED_NODE);
                    try { c.PreferredNode = (ushort)Marshal.ReadInt16(b); } finally { Marshal.FreeHGlobal(b); }
                }
                catch (Win32Exception e) { if (e.NativeErrorCode != 87) throw; }
                return c;
            }
            finally { CloseServiceHandle(h); }
        }

        // ChangeServiceConfig with only the type (flags included), error control and load order group; null group: unchanged.
        public static void ChangeType(string name, uint type, uint errorControl, string group)
        {
            IntPtr h = Open(name, SERVICE_CHANGE_CONFIG);
            try
            {
                if (!ChangeServiceConfigW(h, type, SERVICE_NO_CHANGE, errorControl, null, group, IntPtr.Zero, null, null, null, null))
                    throw new Win32Exception(Marshal.GetLastWin32Error());
            }
            finally { CloseServiceHandle(h); }
        }

        static void Change2(IntPtr h, uint level, IntPtr info)
        {
            if (!ChangeServiceConfig2W(h, level, info)) throw new Win32Exception(Marshal.GetLastWin32Error());
        }

        // SERVICE_FAILURE_ACTIONS: a null message or command is left as it is, '' deletes it; without actions
        // (setActions false) lpsaActions is NULL, so the SCM keeps the actions and ignores dwResetPeriod.
        public static void SetFailureActions(string name, uint resetPeriod, string rebootMsg, string command, bool setActions, uint[] types, uint[] delays)
        {
            List<IntPtr> owned = new List<IntPtr>();
            // SC_ACTION_RESTART needs SERVICE_START on the handle; SC_ACTION_REBOOT needs SeShutdownPrivilege enabled.
            IntPtr h = Open(name, SERVICE_CHANGE_CONFIG | SERVICE_START);
            try
            {
                SERVICE_FAILURE_ACTIONSW f = new SERVICE_FAILURE_ACTIONSW();
                f.dwResetPeriod = resetPeriod;
                if (rebootMsg != null) { f.lpRebootMsg = Marshal.StringToHGlobalUni(rebootMsg); owned.Add(f.lpRebootMsg); }
                if (command != null) { f.lpCommand = Marshal.StringToHGlobalUni(command); owned.Add(f.lpCommand); }
                bool reboot = false;
                if (setActions)
                {
                    f.cActions = (uint)types.Length;
                    f.lpsaActions = Marshal.AllocHGlobal(Math.Max(8, types.Length * 8));
                    owned.Add(f.lpsaActions);
                    for (int i = 0; i < types.Length; i++)
                    {
                        Marshal.WriteInt32(f.lpsaActions, i * 8, (int)types[i]);
                        Marshal.WriteInt32(f.lpsaActions, i * 8 + 4, (int)delays[i]);
                        if (types[i] == SC_ACTION_REBOOT) reboot = true;
                    }
                }
                IntPtr info = Marshal.AllocHGlobal(Marshal.SizeOf(typeof(SERVICE_FAILURE_ACTIONSW)));
                owned.Add(info);
                Marshal.StructureToPtr(f, info, false);
                bool was = false;
                if (reboot) RtlAdjustPrivilege(SE_SHUTDOWN_PRIVILEGE, true, false, out was);
                try { Change2(h, FAILURE_ACTIONS, info); }
                finally { if (reboot && !was) RtlAdjustPrivilege(SE_SHUTDOWN_PRIVILEGE, false, false, out was); }
            }
            finally
            {
                foreach (IntPtr p in owned) Marshal.FreeHGlobal(p);
                CloseServiceHandle(h);
            }
        }

        // FAILURE_ACTIONS_FLAG (a BOOL), SERVICE_SID_INFO and PRESHUTDOWN_INFO (a DWORD) are one 32-bit member each.
        public static void SetDword(string name, uint level, uint value)
        {
            IntPtr h = Open(name, SERVICE_CHANGE_CONFIG);
            IntPtr info = Marshal.AllocHGlobal(4);
            try
            {
                Marshal.WriteInt32(info, (int)value);
                Change2(h, level, info);
            }
            finally
            {
                Marshal.FreeHGlobal(info);
                CloseServiceHandle(h);
            }
        }

        public static void SetPrivileges(string name, string[] privileges)
        {
            IntPtr h = Open(name, SERVICE_CHANGE_CONFIG);
            IntPtr text = Marshal.StringToHGlobalUni(String.Join("\0", privileges) + "\0\0");
            IntPtr info = Marshal.AllocHGlobal(IntPtr.Size);
            try
            {
                Marshal.WriteIntPtr(info, text);
                Change2(h, REQUIRED_PRIVILEGES_INFO, info);
            }
            finally
            {
                Marshal.FreeHGlobal(info);
                Marshal.FreeHGlobal(text);
                CloseServiceHandle(h);
            }
        }
    }
}
'@
}

$script:WbScmActionTypes = @('None', 'Restart', 'Reboot', 'RunCommand')
$script:WbScmSidTypes = @{ 0 = 'None'; 1 = 'Unrestricted'; 3 = 'Restricted' }
$script:WbScmErrorControls = @('Ignore', 'Normal', 'Severe', 'Critical')
$script:WbScmLaunchProtection = @('None', 'Windows', 'WindowsLight', 'AntimalwareLight')
$script:WbScmTriggerTypes = @{ 1 = 'DeviceInterfaceArrival'; 2 = 'IpAddressAvailability'; 3 = 'DomainJoin'; 4 = 'FirewallPortEvent'; 5 = 'GroupPolicy'; 6 = 'NetworkEndpoint'; 7 = 'CustomSystemStateChange'; 20 = 'Custom' }
$script:WbScmTriggerDataTypes = @{ 1 = 'Binary'; 2 = 'String'; 3 = 'Level'; 4 = 'KeywordAny'; 5 = 'KeywordAll' }

# The contract's Triggers: names for the numbers, binary data as base64.
function ConvertTo-WbTriggerList {
    param($Triggers)
    , @(foreach ($t in @($Triggers)) {
            if ($null -eq $t) { continue }
            $items = @(for ($i = 0; $i -lt $t.DataTypes.Length; $i++) {
                    $data = $t.Data[$i]
                    if ($data -is [byte[]]) { $data = [Convert]::ToBase64String($data) }
                    [pscustomobject]@{ Type = $script:WbScmTriggerDataTypes[[int]$t.DataTypes[$i]]; Data = $data }
                })
            $action = 'ServiceStop'
            if ($t.Action -eq 1) { $action = 'ServiceStart' }
            [pscustomobject]@{ Type = $script:WbScmTriggerTypes[[int]$t.Type]; Action = $action; SubType = [string]$t.SubType; DataItems = $items }
        })
}

# The contract's extra service properties (LoadOrderGroup, FailureActions, ...) for one service key name.
function Get-WbServiceConfig2Properties {
    param([Parameter(Mandatory = $true)][string]$Name)
    Initialize-WbScmNative
    $c = [Winbook.ScmNative]::Read($Name)
    $actions = @(for ($i = 0; $i -lt $c.ActionTypes.Length; $i++) {
            [pscustomobject]@{ Type = $script:WbScmActionTypes[[int]$c.ActionTypes[$i]]; Delay = [long]$c.ActionDelays[$i] }
        })
    [ordered]@{
        ErrorControl                     = $script:WbScmErrorControls[[int]$c.ErrorControl]
        LoadOrderGroup                   = [string]$c.LoadOrderGroup
        FailureActions                   = [pscustomobject]@{ ResetPeriod = [long]$c.ResetPeriod; RebootMsg = $c.RebootMsg; Command = $c.Command; Actions = $actions }
        FailureActionsOnNonCrashFailures = [bool]$c.FailureActionsOnNonCrashFailures
        SidInfo                          = [string]$script:WbScmSidTypes[[int]$c.SidInfo]
        RequiredPrivileges               = [string[]]@($c.RequiredPrivileges)
        PreShutdownTimeout               = [long]$c.PreShutdownTimeout
        LaunchProtection                 = $script:WbScmLaunchProtection[[int]$c.LaunchProtection]
        PreferredNode                    = $(if ($c.PreferredNode -lt 0) { $null } else { [int]$c.PreferredNode })
        Triggers                         = ConvertTo-WbTriggerList -Triggers $c.Triggers
        ProcessId                        = [long]$c.ProcessId
        ServiceFlags                     = [long]$c.ServiceFlags
    }
}

# ChangeServiceConfig for the type bits, error control and load order group, when any of them is asked for.
function Set-WbServiceTypeCore {
    param([Parameter(Mandatory = $true)][string]$Name, [hashtable]$Change)
    Initialize-WbScmNative
    $c = [Winbook.ScmNative]::Read($Name)
    $type = [uint32]$c.ServiceType
    if ($Change.ContainsKey('ServiceType')) {
        switch ([string]$Change.ServiceType) {
            'Win32OwnProcess' { $base = 0x10 }
            'Win32ShareProcess' { $base = 0x20 }
            'UserOwnProcess' { $base = 0x50 }
            'UserShareProcess' { $base = 0x60 }
            default { Write-WbWin32Error -Code 87 }
        }
        $type = [uint32](($type -band 0x180) -bor $base)
    }
    if ($Change.ContainsKey('DesktopInteract')) {
        if ([bool]$Change.DesktopInteract) { $type = [uint32]($type -bor 0x100) } else { $type = [uint32]($type -band (-bnot 0x100)) }
    }
    $errorControl = [uint32]$c.ErrorControl
    if ($Change.ContainsKey('ErrorControl')) {
        $i = [array]::IndexOf([string[]]$script:WbScmErrorControls, [string]$Change.ErrorControl)
        if ($i -lt 0) { Write-WbWin32Error -Code 87 }
        $errorControl = [uint32]$i
    }
    # An unchanged group goes as [NullString]::Value: PowerShell passes $null to a .NET string as '' (clearing it).
    $newGroup = $Change.ContainsKey('LoadOrderGroup') -and [string]$Change.LoadOrderGroup -cne [string]$c.LoadOrderGroup
    if ($type -eq [uint32]$c.ServiceType -and $errorControl -eq [uint32]$c.ErrorControl -and -not $newGroup) { return $false }
    if ($newGroup) { [Winbook.ScmNative]::ChangeType($Name, $type, $errorControl, [string]$Change.LoadOrderGroup) }
    else { [Winbook.ScmNative]::ChangeType($Name, $type, $errorControl, [NullString]::Value) }
    return $true
}

function Set-WbServiceConfig2 {
    param(
        [Parameter(Mandatory = $true)][string]$Name,
        [AllowNull()][object]$FailureActions,
        [bool]$FailureActionsOnNonCrashFailures,
        [string]$SidInfo,
        [AllowEmptyCollection()][string[]]$RequiredPrivileges,
        [long]$PreShutdownTimeout
    )
    $sc = Get-WbServiceControllerOrThrow -Name $Name
    $key = [string]$sc.ServiceName
    $now = Get-WbServiceConfig2Properties -Name $key
    $changed = $false
    try {
        if ($PSBoundParameters.ContainsKey('FailureActions') -and $null -ne $FailureActions) {
            $fa = $FailureActions
            $have = $now.FailureActions
            $setActions = ($null -ne $fa.Actions)
            $types = [uint32[]]@(); $delays = [uint32[]]@()
            if ($setActions) {
                $types = [uint32[]]@($fa.Actions | ForEach-Object { [array]::IndexOf([string[]]$script:WbScmActionTypes, [string]$_.Type) })
                if (@($types | Where-Object { $_ -gt 3 }).Count -gt 0) { Write-WbWin32Error -Code 87 }
                $delays = [uint32[]]@($fa.Actions | ForEach-Object { [uint32]$_.Delay })
            }
            $reset = [uint32]$have.ResetPeriod
            if ($setActions -and $null -ne $fa.ResetPeriod) { $reset = [uint32]$fa.ResetPeriod }
            $wantReboot = $have.RebootMsg; if ($null -ne $fa.RebootMsg) { $wantReboot = [string]$fa.RebootMsg; if ($wantReboot -eq '') { $wantReboot = $null } }
            $wantCommand = $have.Command; if ($null -ne $fa.Command) { $wantCommand = [string]$fa.Command; if ($wantCommand -eq '') { $wantCommand = $null } }
            $sameActions = -not $setActions -or ((@($have.Actions | ForEach-Object { "$($_.Type)/$($_.Delay)" }) -join ',') -eq ((@($fa.Actions | ForEach-Object { "$($_.Type)/$([uint32]$_.Delay)" })) -join ','))
            if (-not $sameActions -or $reset -ne [uint32]$have.ResetPeriod -or $wantReboot -cne $have.RebootMsg -or $wantCommand -cne $have.Command) {
                # NULL (unchanged) must reach the API as NULL, not as PowerShell's '' (which deletes the text).
                $rebootArg = [NullString]::Value; if ($null -ne $fa.RebootMsg) { $rebootArg = [string]$fa.RebootMsg }
                $commandArg = [NullString]::Value; if ($null -ne $fa.Command) { $commandArg = [string]$fa.Command }
                [Winbook.ScmNative]::SetFailureActions($key, $reset, $rebootArg, $commandArg, $setActions, $types, $delays)
                $changed = $true
            }
        }
        if ($PSBoundParameters.ContainsKey('FailureActionsOnNonCrashFailures') -and $FailureActionsOnNonCrashFailures -ne $now.FailureActionsOnNonCrashFailures) {
            [Winbook.ScmNative]::SetDword($key, [Winbook.ScmNative]::FAILURE_ACTIONS_FLAG, [uint32][int]$FailureActionsOnNonCrashFailures)
            $changed = $true
        }
        if ($PSBoundParameters.ContainsKey('SidInfo') -and $SidInfo -ne $now.SidInfo) {
            $sidValue = @($script:WbScmSidTypes.Keys | Where-Object { $script:WbScmSidTypes[$_] -eq $SidInfo })
            if ($sidValue.Count -ne 1) { Write-WbWin32Error -Code 87 }
            [Winbook.ScmNative]::SetDword($key, [Winbook.ScmNative]::SERVICE_SID_INFO, [uint32]$sidValue[0])
            $changed = $true
        }
        if ($PSBoundParameters.ContainsKey('RequiredPrivileges') -and $null -ne $RequiredPrivileges -and (@($RequiredPrivileges) -join '|') -ne (@($now.RequiredPrivileges) -join '|')) {
            [Winbook.ScmNative]::SetPrivileges($key, [string[]]@($RequiredPrivileges))
            $changed = $true
        }
        if ($PSBoundParameters.ContainsKey('PreShutdownTimeout') -and $PreShutdownTimeout -ne $now.PreShutdownTimeout) {
            [Winbook.ScmNative]::SetDword($key, [Winbook.ScmNative]::PRESHUTDOWN_INFO, [uint32]$PreShutdownTimeout)
            $changed = $true
        }
    }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
    return $changed
}
