"""Drive a simulated host with pywinrm, an independent WinRM client: if pywinrm and the simulator disagree,
the simulator is wrong. Prints one JSON line: {"rc", "stdout", "stderr"} or {"error", "type"}.

usage: pywinrm_client.py ENDPOINT USER PASSWORD always|never|auto COMMAND [ARG...]
environment: PYWINRM_TRANSPORT (ntlm by default; ssl = Basic over HTTPS), PYWINRM_CA (CA file to validate the
HTTPS certificate against), PYWINRM_SEND_CBT=0 (leave out the channel binding pywinrm sends on HTTPS by default).
"""
import json
import os
import sys

import winrm


def main() -> None:
    endpoint, user, password, encryption, command, *args = sys.argv[1:]
    options = {"transport": os.environ.get("PYWINRM_TRANSPORT", "ntlm"), "message_encryption": encryption}
    if os.environ.get("PYWINRM_SEND_CBT") == "0":
        options.update(send_cbt=False)
    if os.environ.get("PYWINRM_CA"):
        options.update(server_cert_validation="validate", ca_trust_path=os.environ["PYWINRM_CA"])
    session = winrm.Session(endpoint, auth=(user, password), **options)
    try:
        r = session.run_cmd(command, args)
    except Exception as e:  # report every failure as data for the test to assert on
        print(json.dumps({"error": str(e), "type": type(e).__name__}))
        return
    print(json.dumps({"rc": r.status_code, "stdout": r.std_out.decode("cp437"), "stderr": r.std_err.decode("cp437")}))


main()
