"""Drive a simulated host with pywinrm, an independent WinRM client: if pywinrm and the simulator disagree,
the simulator is wrong. Prints one JSON line: {"rc", "stdout", "stderr"} or {"error", "type"}.

usage: pywinrm_client.py ENDPOINT USER PASSWORD always|never COMMAND [ARG...]
"""
import json
import sys

import winrm


def main() -> None:
    endpoint, user, password, encryption, command, *args = sys.argv[1:]
    session = winrm.Session(endpoint, auth=(user, password), transport="ntlm", message_encryption=encryption)
    try:
        r = session.run_cmd(command, args)
    except Exception as e:  # report every failure as data for the test to assert on
        print(json.dumps({"error": str(e), "type": type(e).__name__}))
        return
    print(json.dumps({"rc": r.status_code, "stdout": r.std_out.decode("cp437"), "stderr": r.std_err.decode("cp437")}))


main()
