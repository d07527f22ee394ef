# LSA user-rights helpers shared by win_user_right and win_service (prepended to both module scripts).
# Windows PowerShell 5.1. The C# is compiled once per agent session: the type survives between requests, so later
# tasks skip Add-Type entirely (unlike Ansible, which compiles it on every task).
Set-StrictMode -Version 2.0

if (-not ('Winbook.Lsa' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Security.Principal;

namespace Winbook
{
    public static class Lsa
    {
        [StructLayout(LayoutKind.Sequential)]
        struct LSA_OBJECT_ATTRIBUTES { public int Length; public IntPtr RootDirectory; public IntPtr ObjectName; public int Attributes; public IntPtr SecurityDescriptor; public IntPtr SecurityQualityOfService; }

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        struct LSA_UNICODE_STRING { public ushort Length; public ushort MaximumLength; [MarshalAs(UnmanagedType.LPWStr)] public string Buffer; }

        [DllImport("advapi32.dll")] static extern uint LsaOpenPolicy(IntPtr systemName, ref LSA_OBJECT_ATTRIBUTES attributes, int access, out IntPtr handle);
        [DllImport("advapi32.dll")] static extern uint LsaClose(IntPtr handle);
        [DllImport("advapi32.dll")] static extern uint LsaFreeMemory(IntPtr buffer);
        [DllImport("advapi32.dll")] static extern int LsaNtStatusToWinError(uint status);
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)] static extern uint LsaEnumerateAccountsWithUserRight(IntPtr handle, LSA_UNICODE_STRING[] right, out IntPtr buffer, out int count);
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)] static extern uint LsaAddAccountRights(IntPtr handle, byte[] sid, LSA_UNICODE_STRING[] rights, int count);
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)] static extern uint LsaRemoveAccountRights(IntPtr handle, byte[] sid, bool all, LSA_UNICODE_STRING[] rights, int count);

        const int POLICY_ALL_ACCESS = 0x00F0FFF;
        const uint STATUS_NO_MORE_ENTRIES = 0x8000001a;

        static LSA_UNICODE_STRING[] Right(string name)
        {
            LSA_UNICODE_STRING s = new LSA_UNICODE_STRING();
            s.Buffer = name;
            s.Length = (ushort)(name.Length * 2);
            s.MaximumLength = (ushort)((name.Length + 1) * 2);
            return new LSA_UNICODE_STRING[] { s };
        }

        static IntPtr Open()
        {
            LSA_OBJECT_ATTRIBUTES attributes = new LSA_OBJECT_ATTRIBUTES();
            IntPtr handle;
            Check(LsaOpenPolicy(IntPtr.Zero, ref attributes, POLICY_ALL_ACCESS, out handle));
            return handle;
        }

        // Win32Exception carries Windows' own text, e.g. 1313 "A specified privilege does not exist."
        static void Check(uint status)
        {
            if (status != 0) { throw new Win32Exception(LsaNtStatusToWinError(status)); }
        }

        static byte[] SidBytes(string sid)
        {
            SecurityIdentifier id = new SecurityIdentifier(sid);
            byte[] bytes = new byte[id.BinaryLength];
            id.GetBinaryForm(bytes, 0);
            return bytes;
        }

        public static string[] AccountsWithRight(string right)
        {
            IntPtr handle = Open();
            try
            {
                IntPtr buffer;
                int count;
                uint status = LsaEnumerateAccountsWithUserRight(handle, Right(right), out buffer, out count);
                if (status == STATUS_NO_MORE_ENTRIES) { return new string[0]; }
                Check(status);
                List<string> sids = new List<string>();
                for (int i = 0; i < count; i++)
                {
                    IntPtr pSid = Marshal.ReadIntPtr(buffer, i * IntPtr.Size);
                    sids.Add(new SecurityIdentifier(pSid).Value);
                }
                LsaFreeMemory(buffer);
                return sids.ToArray();
            }
            finally { LsaClose(handle); }
        }

        public static void Add(string sid, string right)
        {
            IntPtr handle = Open();
            try { Check(LsaAddAccountRights(handle, SidBytes(sid), Right(right), 1)); }
            finally { LsaClose(handle); }
        }

        public static void Remove(string sid, string right)
        {
            IntPtr handle = Open();
            try { Check(LsaRemoveAccountRights(handle, SidBytes(sid), false, Right(right), 1)); }
            finally { LsaClose(handle); }
        }
    }
}
'@
}

function ConvertTo-AccountSid {
    # LookupAccountName for any account form: `.\user`, `HOST\user`, `DOMAIN\user`, `user`, a well-known name or a SID.
    # Throws Windows' own 1332 text when the name does not map.
    param([string]$Account)
    if ($Account -match '^S-1-(\d+-)*\d+$') { return (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $Account).Value }
    $qualified = $Account
    if ($Account.StartsWith('.\')) { $qualified = "$env:COMPUTERNAME\$($Account.Substring(2))" }
    $builtin = @{ localsystem = 'S-1-5-18'; localservice = 'S-1-5-19'; networkservice = 'S-1-5-20' }
    $key = $Account.ToLowerInvariant() -replace '^nt authority\\', ''
    if ($builtin.ContainsKey($key)) { return $builtin[$key] }
    try {
        $nt = New-Object System.Security.Principal.NTAccount -ArgumentList $qualified
        return $nt.Translate([System.Security.Principal.SecurityIdentifier]).Value
    }
    catch [System.Security.Principal.IdentityNotMappedException] {
        $text = (New-Object System.ComponentModel.Win32Exception -ArgumentList 1332).Message
        throw "Failed to translate the account '$Account' to a SID: $text"
    }
}

function ConvertFrom-AccountSid {
    # LookupAccountSid; an orphaned SID (deleted account) is shown as the SID string, as secpol.msc does.
    param([string]$Sid)
    try {
        $id = New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $Sid
        return $id.Translate([System.Security.Principal.NTAccount]).Value
    }
    catch {
        return $Sid
    }
}
