"""ansible-core's own code for what raw sends and reads over WinRM, as the oracle for src/modules/raw/.

Reads a JSON list of {"script": str}, {"ssh": "cmd"|"powershell", "script": str} or {"stderr": str} from stdin and
prints a JSON list: for a script, the command parts PowerShell's shell plugin builds as the winrm (or, with "ssh", the
ssh) Connection.exec_command builds them (_encode_script with
as_list=True, strict_mode=False, preserve_rc=False); for a stderr, what exec_command returns after _parse_clixml
(or the stderr itself when parsing raises, as exec_command's `except Exception: pass`), decoded as
_low_level_execute_command decodes it.
"""
import json
import sys

from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.plugins.loader import shell_loader
from ansible.plugins.shell.powershell import _parse_clixml

shell = shell_loader.get('powershell')
out = []
for case in json.load(sys.stdin):
    if 'ssh' in case:
        # ssh.py exec_command for a Windows shell type: chcp first, then the same encoded command.
        sh = shell_loader.get(case['ssh'])
        parts = ["chcp.com", "65001", sh._SHELL_REDIRECT_ALLNULL, sh._SHELL_AND]
        parts.extend(sh._encode_script(case['script'], as_list=True, strict_mode=False, preserve_rc=False))
        out.append(parts)
    elif 'script' in case:
        out.append(shell._encode_script(case['script'], as_list=True, strict_mode=False, preserve_rc=False))
    else:
        err = to_bytes(case['stderr'])
        if err.startswith(b"#< CLIXML"):
            try:
                err = _parse_clixml(err)
            except Exception:
                pass
        out.append(to_text(err, errors='surrogate_then_replace'))
print(json.dumps(out))
