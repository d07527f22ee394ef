# Façade, Windows side (src/hostapi/contract/rights.ts): user rights and privileges of the local LSA policy, by SID.
# Windows PowerShell 5.1. LsaOpenPolicy / LsaEnumerateAccountsWithUserRight / LsaEnumerateAccountRights /
# LsaAddAccountRights / LsaRemoveAccountRights through one compiled type (Winbook.LsaNative, compiled on first use);
# NTSTATUS through LsaNtStatusToWinError, so 1313 "A specified privilege does not exist." for an unknown right.
# Names for holders come from accounts.ps1 (LookupAccountSid; $null for an orphaned SID).

function Initialize-WbLsaNative {
    if ('Winbook.LsaNative' -as [type]) { return }
    Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Security.Principal;

namespace Winbook
{
    public static class LsaNative
    {
        [StructLayout(LayoutKind.Sequential)]
        struct LSA_OBJECT_ATTRIBUTES { public int Length; public IntPtr RootDirectory; public IntPtr ObjectName; public int Attributes; public IntPtr SecurityDescriptor; public IntPtr SecurityQualityOfService; }

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        struct LSA_UNICODE_STRING { public ushort Length; public ushort MaximumLength; [MarshalAs(UnmanagedType.LPWStr)] public string Buffer; }

        [StructLayout(LayoutKind.Sequential)]
        struct LSA_UNICODE_STRING_OUT { public ushort Length; public ushort MaximumLength; public IntPtr Buffer; }

        [DllImport("advapi32.dll")] static extern uint LsaOpenPolicy(IntPtr systemName, ref LSA_OBJECT_ATTRIBUTES attributes, int access, out IntPtr handle);
        [DllImport("advapi32.dll")] static extern uint LsaClose(IntPtr handle);
        [DllImport("advapi32.dll")] static extern uint LsaFreeMemory(IntPtr buffer);
        [DllImport("advapi32.dll")] static extern int LsaNtStatusToWinError(uint status);
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)] static extern uint LsaEnumerateAccountsWithUserRight(IntPtr handle, LSA_UNICODE_STRING[] right, out IntPtr buffer, out int count);
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)] static extern uint LsaEnumerateAccountRights(IntPtr handle, byte[] sid, out IntPtr rights, out int count);
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)] static extern uint LsaAddAccountRights(IntPtr handle, byte[] sid, LSA_UNICODE_STRING[] rights, int count);
        [DllImport("advapi32.dll", CharSet = CharSet.Unicode)] static extern uint LsaRemoveAccountRights(IntPtr handle, byte[] sid, bool all, LSA_UNICODE_STRING[] rights, int count);

        const int POLICY_ALL_ACCESS = 0x00F0FFF;
        const uint STATUS_NO_MORE_ENTRIES = 0x8000001a;
        const uint STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034;

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

        static void Check(uint status)
        {
            if (status != 0) { throw new Win32Exception(LsaNtStatusToWinError(status)); }
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
                try
                {
                    List<string> sids = new List<string>();
                    // LSA_ENUMERATION_INFORMATION: one PSID per entry.
                    for (int i = 0; i < count; i++) { sids.Add(new SecurityIdentifier(Marshal.ReadIntPtr(buffer, i * IntPtr.Size)).Value); }
                    return sids.ToArray();
                }
                finally { LsaFreeMemory(buffer); }
            }
            finally { LsaClose(handle); }
        }

        // The rights held directly by the account (LsaEnumerateAccountRights); none when it has no LSA account object.
        static bool Holds(IntPtr handle, byte[] sid, string right)
        {
            IntPtr rights;
            int count;
            uint status = LsaEnumerateAccountRights(handle, sid, out rights, out count);
            if (status == STATUS_OBJECT_NAME_NOT_FOUND) { return false; }
            Check(status);
            try
            {
                int size = Marshal.SizeOf(typeof(LSA_UNICODE_STRING_OUT));
                for (int i = 0; i < count; i++)
                {
                    LSA_UNICODE_STRING_OUT s = (LSA_UNICODE_STRING_OUT)Marshal.PtrToStructure(new IntPtr(rights.ToInt64() + (long)i * size), typeof(LSA_UNICODE_STRING_OUT));
                    string name = Marshal.PtrToStringUni(s.Buffer, s.Length / 2);
                    if (string.Equals(name, right, StringComparison.OrdinalIgnoreCase)) { return true; }
                }
                return false;
            }
            finally { LsaFreeMemory(rights); }
        }

        public static bool Add(string sid, string right)
        {
            byte[] bytes = SidBytes(sid);
            IntPtr handle = Open();
            try
            {
                // An unknown right fails here with 1313 before anything is looked up.
                IntPtr probe;
                int n;
                uint status = LsaEnumerateAccountsWithUserRight(handle, Right(right), out probe, out n);
                if (status != STATUS_NO_MORE_ENTRIES) { Check(status); LsaFreeMemory(probe); }
                if (Holds(handle, bytes, right)) { return false; }
                Check(LsaAddAccountRights(handle, bytes, Right(right), 1));
                return true;
            }
            finally { LsaClose(handle); }
        }

        public static bool Remove(string sid, string right)
        {
            byte[] bytes = SidBytes(sid);
            IntPtr handle = Open();
            try
            {
                IntPtr probe;
                int n;
                uint status = LsaEnumerateAccountsWithUserRight(handle, Right(right), out probe, out n);
                if (status != STATUS_NO_MORE_ENTRIES) { Check(status); LsaFreeMemory(probe); }
                if (!Holds(handle, bytes, right)) { return false; }
                Check(LsaRemoveAccountRights(handle, bytes, false, Right(right), 1));
                return true;
            }
            finally { LsaClose(handle); }
        }
    }
}
'@
}

function Get-WbRightHolder {
    param([Parameter(Mandatory = $true)][string]$Right)
    Initialize-WbLsaNative
    Initialize-WbAccountsNative
    try {
        foreach ($sid in @([Winbook.LsaNative]::AccountsWithRight($Right))) {
            $r = [Winbook.AccountsNative]::BySid($sid)
            $name = $null
            if ($null -ne $r) { $name = [string]$r.Name }
            [pscustomobject]@{ Sid = $sid; Name = $name }
        }
    }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
}

function Grant-WbRight {
    param([Parameter(Mandatory = $true)][string]$Right, [Parameter(Mandatory = $true)][string]$Sid)
    Initialize-WbLsaNative
    try { return [Winbook.LsaNative]::Add($Sid.Trim(), $Right) }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
}

function Revoke-WbRight {
    param([Parameter(Mandatory = $true)][string]$Right, [Parameter(Mandatory = $true)][string]$Sid)
    Initialize-WbLsaNative
    try { return [Winbook.LsaNative]::Remove($Sid.Trim(), $Right) }
    catch { throw (ConvertTo-WbWin32Exception -Exception $_) }
}
