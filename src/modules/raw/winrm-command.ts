/**
 * The command line ansible-core 2.14 runs for `raw` over WinRM: Connection.exec_command
 * (plugins/connection/winrm.py) wraps the text with the PowerShell shell plugin's
 * `_encode_script(cmd, as_list=True, strict_mode=False, preserve_rc=False)` (plugins/shell/powershell.py): every
 * line stripped, empty lines dropped, the rest joined with LF, encoded UTF-16LE and base64, and run as
 * `PowerShell -NoProfile -NonInteractive -ExecutionPolicy Unrestricted -EncodedCommand …`. The text `-` alone is
 * `-Command -` (PowerShell reads the script from stdin). So the line runs as PowerShell, never as cmd.exe.
 */

const COMMON_ARGS = 'PowerShell -NoProfile -NonInteractive -ExecutionPolicy Unrestricted';

// Python's str.splitlines() boundaries and str.strip()'s whitespace (str.isspace), which differ from JavaScript's
// \s (no \x1c-\x1f or \x85 there, and \ufeff is not space in Python).
// eslint-disable-next-line no-control-regex -- these control characters are exactly Python's line boundaries
export const PY_LINE_BREAK = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/;
const PY_SPACE = '[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');

/** The script text PowerShell receives: lines stripped as Python strips them, blank ones dropped, joined by LF. */
export function ansibleScriptText(text: string): string {
  return text
    .split(PY_LINE_BREAK)
    .map((line) => line.replace(PY_STRIP, ''))
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The SSH command line for `raw: TEXT` on a Windows host, as ansible-core 2.14's ssh connection sends it for a Windows
 * shell type (ssh.py exec_command, `_IS_WINDOWS`): `chcp.com 65001`, silenced with the shell's redirection, then the
 * same PowerShell -EncodedCommand, joined with the shell's AND (`&&` for cmd, `;` for powershell).
 */
export function rawSshCommandLine(text: string, shellType: 'cmd' | 'powershell'): string {
  const prefix = shellType === 'cmd' ? 'chcp.com 65001 >nul 2>&1 &&' : 'chcp.com 65001 > $null ;';
  return `${prefix} ${rawWinrmCommandLine(text)}`;
}

/** The whole WinRS command line for `raw: TEXT` over WinRM, as ansible-core 2.14 sends it. */
export function rawWinrmCommandLine(text: string): string {
  if (text === '-') return `${COMMON_ARGS} -Command -`;
  return `${COMMON_ARGS} -EncodedCommand ${Buffer.from(ansibleScriptText(text), 'utf16le').toString('base64')}`;
}
