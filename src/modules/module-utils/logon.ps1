# Shared by win_user and qlik_service_account (composed by src/modules/script.ts). One definition of the
# Winbook.Logon type for the whole agent process: Add-Type cannot redefine a type, so two modules each adding their
# own Winbook.Logon would leave the second one calling methods that do not exist.
if (-not ('Winbook.Logon' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Runtime.InteropServices;
namespace Winbook
{
    public static class Logon
    {
        [DllImport("advapi32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        static extern bool LogonUserW(string user, string domain, string password, int type, int provider, out IntPtr token);
        [DllImport("kernel32.dll")] static extern bool CloseHandle(IntPtr handle);

        static int Try(string user, string domain, string password, int type)
        {
            IntPtr token;
            if (!LogonUserW(user, domain, password, type, 0, out token)) return Marshal.GetLastWin32Error();
            CloseHandle(token);
            return 0;
        }

        // 0 when the local account's password is right (network logon); else the Win32 error (1326 = wrong user name or password).
        public static int Test(string user, string password) { return Try(user, ".", password, 3); }

        // 0 when the account may log on as a service with this password (logon type 5); else the Win32 error (1326, 1385, ...).
        public static int TestService(string user, string domain, string password) { return Try(user, domain, password, 5); }
    }
}
'@
}

