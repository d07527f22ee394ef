/**
 * Clean-failure texts equal to ansible.windows 1.14's where the failure is the same Windows condition, for win_file,
 * win_command, win_acl, win_regedit and win_user: each runs the module's own PowerShell in pwsh against the
 * simulator, and the oracle is the 1.14 source line quoted above each case (plugins/modules/<module>.ps1 of the
 * collection Debian's ansible ships). Where 1.14 catches nothing and the error escapes the module, the expected
 * text is module_wrapper.ps1's "Unhandled exception while executing module: …" around the error PowerShell 5.1
 * raises there. Each failure leaves the host as it was.
 */
import { describe, expect, it } from 'vitest';
import { useModuleHost } from '../helpers/module-host.ts';

describe("clean-failure texts as ansible.windows 1.14's", () => {
  const mh = useModuleHost(113);
  const { task, fingerprint } = mh;

  /** The failed result, checking that the module left host state and rehearsal log as they were. */
  async function failure(module: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    // The model creates the C: volume and the registry on first use; a read first, so that is not counted as a change.
    await task('win_reg_stat', { path: 'HKLM:\\SOFTWARE' });
    await task('win_stat', { path: 'C:\\Windows' });
    const untouched = fingerprint();
    const r = (await task(module, args)) as Record<string, unknown>;
    expect(r.failed, JSON.stringify(r)).toBe(true);
    expect(JSON.parse(fingerprint())).toEqual(JSON.parse(untouched));
    return r;
  }

  it('win_file', async () => {
    await task('win_file', { path: 'C:\\FT\\dir', state: 'directory' });
    await task('win_file', { path: 'C:\\FT\\a.txt', state: 'touch' });
    // win_file.ps1:118  Fail-Json $result "path $path is not a file"
    expect(await failure('win_file', { path: 'C:\\FT\\dir', state: 'file' })).toMatchObject({ msg: 'path C:\\FT\\dir is not a file' });
    // win_file.ps1:114  Fail-Json $result "path $path is not a directory"
    expect(await failure('win_file', { path: 'C:\\FT\\a.txt', state: 'directory' })).toMatchObject({ msg: 'path C:\\FT\\a.txt is not a directory' });
    // win_file.ps1:155  Fail-Json $result "path $path will not be created"  (a missing parent changes nothing)
    expect(await failure('win_file', { path: 'C:\\FT\\NoParent\\x.txt', state: 'file' })).toMatchObject({ msg: 'path C:\\FT\\NoParent\\x.txt will not be created' });
    // win_file.ps1:101  Write-Output $null | Out-File -LiteralPath $path …  (not caught: Out-File's error escapes)
    expect(await failure('win_file', { path: 'C:\\FT\\NoParent\\x.txt', state: 'touch' })).toMatchObject({
      msg: "Unhandled exception while executing module: Could not find a part of the path 'C:\\FT\\NoParent\\x.txt'.",
    });
  });

  it('win_command', async () => {
    // win_command.ps1:129  $module.FailJson("Failed to run: '$rawCmdLine': $($_.Exception.Message)", $_)
    // with rc the NativeErrorCode down the InnerException chain (win_command.ps1:117-126). The program is handed to
    // ProcessUtil.CreateProcess as named (Process.psm1 Resolve-ExecutablePath: "Just hope for the best"), whose
    // failure is Process.cs:619  throw new Win32Exception("CreateProcessW() failed"), worded by Process.cs:402
    // String.Format("{0} ({1}, Win32ErrorCode {2} - 0x{2:X8})", message, base.Message, errorCode).
    expect(await failure('win_command', { _raw_params: '  nosuch.exe /q ' })).toMatchObject({
      rc: 2, cmd: 'nosuch.exe /q', changed: false,
      msg: "Failed to run: 'nosuch.exe /q': Exception calling \"CreateProcess\" with \"7\" argument(s): \"CreateProcessW() failed (The system cannot find the file specified, Win32ErrorCode 2 - 0x00000002)\"",
    });
    // Process.psm1:193  Write-Error -Message "Could not find specified -WorkingDirectory '$WorkingDirectory'"
    expect(await failure('win_command', { cmd: 'whoami', chdir: 'C:\\Nowhere' })).toMatchObject({
      rc: 2, msg: "Failed to run: 'whoami': Could not find specified -WorkingDirectory 'C:\\Nowhere'",
    });
    // A file passes Process.psm1's Test-Path; CreateProcessW then refuses it as a directory (ERROR_DIRECTORY, 267).
    expect(await failure('win_command', { cmd: 'whoami', chdir: 'C:\\Windows\\System32\\drivers\\etc\\hosts' })).toMatchObject({
      rc: 267,
      msg: "Failed to run: 'whoami': Exception calling \"CreateProcess\" with \"7\" argument(s): \"CreateProcessW() failed (The directory name is invalid, Win32ErrorCode 267 - 0x0000010B)\"",
    });
  });

  it('win_acl', async () => {
    // win_acl.ps1:126  Fail-Json -obj $result -message "$path file or directory does not exist on the host"
    expect(await failure('win_acl', { path: 'C:\\Nowhere', user: 'Users', rights: 'Read', type: 'allow' })).toMatchObject({ msg: 'C:\\Nowhere file or directory does not exist on the host' });
    // Ansible.ModuleUtils.SID.psm1:92  Fail-Json @{} "account_name $account_name is not a valid account, cannot get SID: $($_.Exception.Message)"
    // where the exception is NTAccount.Translate's IdentityNotMappedException, wrapped by PowerShell's method call.
    expect(await failure('win_acl', { path: 'C:\\Windows', user: 'nobody_here', rights: 'Read', type: 'allow' })).toMatchObject({
      msg: 'account_name nobody_here is not a valid account, cannot get SID: Exception calling "Translate" with "1" argument(s): "Some or all identity references could not be translated."',
    });
  });

  it('win_regedit', async () => {
    // win_regedit.ps1:126  $module.FailJson("path: $path is not a valid powershell path, see module documentation for examples.")
    expect(await failure('win_regedit', { path: 'HKXX:\\Software', name: 'v', data: 'x' })).toMatchObject({ msg: 'path: HKXX:\\Software is not a valid powershell path, see module documentation for examples.' });
    // win_regedit.ps1:420  $module.FailJson("data cannot be larger than 0xffffffff when type is dword")  (text and number)
    for (const data of ['4294967296', 4294967296, '0x100000000']) {
      expect(await failure('win_regedit', { path: 'HKLM:\\SOFTWARE\\FT', name: 'big', data, type: 'dword' })).toMatchObject({ msg: 'data cannot be larger than 0xffffffff when type is dword' });
    }
    // win_regedit.ps1:415  $data = [UInt64]$data  (not caught: the cast's error escapes, in Windows PowerShell 5.1's words)
    expect(await failure('win_regedit', { path: 'HKLM:\\SOFTWARE\\FT', name: 'bad', data: 'abc', type: 'dword' })).toMatchObject({
      msg: 'Unhandled exception while executing module: Cannot convert value "abc" to type "System.UInt64". Error: "Input string was not in a correct format."',
    });
    // win_regedit.ps1:395-396  "cannot convert binary data '$data' to byte array, please specify this value as a yaml byte array or a comma separated hex value string"
    expect(await failure('win_regedit', { path: 'HKLM:\\SOFTWARE\\FT', name: 'bin', data: 300, type: 'binary' })).toMatchObject({
      msg: "cannot convert binary data '300' to byte array, please specify this value as a yaml byte array or a comma separated hex value string",
    });
    // The boundary itself is a value, not a failure.
    expect(await task('win_regedit', { path: 'HKLM:\\SOFTWARE\\FT', name: 'max', data: '4294967295', type: 'dword' })).toMatchObject({ changed: true });
  });

  it('win_user', async () => {
    // win_user.ps1:227, 232  $userAdsi.SetPassword($password) … $userAdsi.SetInfo()  (not caught: the policy's refusal escapes
    // as PowerShell's wrapping of the ADSI call, the text ansible/ansible#20369 shows)
    const policy = 'The password does not meet the password policy requirements. Check the minimum password length, password complexity and password history requirements.';
    const created = await failure('win_user', { name: 'weakling', password: 'weakling1' });
    expect(created.msg).toBe(`Unhandled exception while executing module: Exception calling "SetInfo" with "0" argument(s): "${policy}"`);
    expect(JSON.stringify(created)).not.toContain('weakling1');
    // win_user.ps1:260  $user.BaseObject.SetPassword($password)  (not caught either)
    await task('win_user', { name: 'strongling', password: 'Qlik!2345' });
    expect((await failure('win_user', { name: 'strongling', password: 'strongling' })).msg).toBe(`Unhandled exception while executing module: Exception calling "SetPassword" with "1" argument(s): "${policy}"`);
    // win_user.ps1:357  $module.FailJson("group '$inputGroup' not found")
    expect(await failure('win_user', { name: 'strongling', groups: ['No Such Group'] })).toMatchObject({ msg: "group 'No Such Group' not found" });
    // win_user.ps1:429  $ADSI.Delete('User', $user.Name)  (not caught: NetUserDel's ERROR_SPECIAL_ACCOUNT escapes)
    expect((await failure('win_user', { name: 'Administrator', state: 'absent' })).msg).toBe(
      'Unhandled exception while executing module: Exception calling "Delete" with "2" argument(s): "Cannot perform this operation on built-in accounts."',
    );
    // win_user.ps1:253-254  catch [System.ComponentModel.Win32Exception] { $module.FailJson("Failed to validate the user's
    // credentials: $($_.Exception.Message)", $_) }, around Test-LocalCredential's rethrown LogonUser error for a
    // locked-out account (Ansible.AccessToken.cs: "Failed to logon {domain}\\{user}" and "{0} ({1}, Win32ErrorCode {2} - 0x{2:X8})")
    mh.host().state.users.find((u) => u.name === 'strongling')!.locked = true;
    expect(await failure('win_user', { name: 'strongling', password: 'Qlik!2345' })).toMatchObject({
      changed: false,
      msg: "Failed to validate the user's credentials: Failed to logon .\\strongling (The referenced account is currently locked out and may not be logged on to, Win32ErrorCode 1909 - 0x00000775)",
    });
  });
});
