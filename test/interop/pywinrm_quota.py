"""pywinrm against a quota: run COUNT commands in one shell as pywinrm's own loop does (run_command,
get_command_output, cleanup_command — the Signal terminate; diyan/pywinrm issue 124), and report where and how it
failed; then hand pywinrm the reply Windows sends for that fault (REFERENCE, an XML file) through the same
send_message path, so the test can compare the two errors. Prints one JSON line.

usage: pywinrm_quota.py ENDPOINT USER PASSWORD COUNT REFERENCE
"""
import json
import sys


def main() -> None:
    endpoint, user, password, count, reference = sys.argv[1:]
    import winrm
    from winrm.exceptions import WinRMTransportError

    protocol = winrm.Protocol(endpoint, transport="ntlm", username=user, password=password, message_encryption="always")
    shell_id = protocol.open_shell()
    ran = 0
    simulated = None
    try:
        for _ in range(int(count)):
            command_id = protocol.run_command(shell_id, "echo", ["yo"])
            try:
                protocol.get_command_output(shell_id, command_id)
            finally:
                protocol.cleanup_command(shell_id, command_id)
            ran += 1
    except Exception as e:  # the fault is the result
        simulated = {"type": type(e).__name__, "message": str(e)}
    finally:
        protocol.close_shell(shell_id)

    with open(reference, encoding="utf-8") as f:
        xml = f.read()

    def refuse(_message):
        raise WinRMTransportError("http", 500, xml)

    protocol.transport.send_message = refuse
    try:
        protocol.run_command("00000000-0000-0000-0000-000000000000", "echo", ["yo"])
        windows = None
    except Exception as e:
        windows = {"type": type(e).__name__, "message": str(e)}
    print(json.dumps({"ran": ran, "simulated": simulated, "windows": windows}))


main()
