"""Drive a simulated domain member with pywinrm over Kerberos with message encryption (requests-kerberos on
pykerberos), an independent client: if it and the simulator disagree, the simulator is wrong. Prints one JSON line:
{"rc", "stdout", "stderr"} or {"error", "type"}. The ticket comes from the caller's kinit (KRB5CCNAME), as in
Ansible's managed mode.

Debian's pykerberos 1.1.14 lacks authGSSWinRMEncryptMessage/authGSSWinRMDecryptMessage, which requests-kerberos
calls for WinRM message encryption. They are supplied here from pykerberos' own gss_wrap_iov binding, whose output
is exactly WinRM's framing payload: a little-endian 32-bit header length, the wrap-token header (HEADER buffer),
then the ciphertext (DATA buffer).

usage: pywinrm_kerberos_client.py ENDPOINT PRINCIPAL HOSTNAME_OVERRIDE always|never|auto COMMAND [ARG...]
"""
import base64
import json
import struct
import sys

import kerberos


def _encrypt(context, message):
    kerberos.authGSSClientWrapIov(context, base64.b64encode(message).decode(), 1)
    out = base64.b64decode(kerberos.authGSSClientResponse(context))
    header_len = struct.unpack("<I", out[:4])[0]
    return out[4 + header_len:], out[4:4 + header_len]


def _decrypt(context, message, header):
    framed = struct.pack("<I", len(header)) + header + message
    kerberos.authGSSClientUnwrapIov(context, base64.b64encode(framed).decode())
    return base64.b64decode(kerberos.authGSSClientResponse(context))


if not hasattr(kerberos, "authGSSWinRMEncryptMessage"):
    kerberos.authGSSWinRMEncryptMessage = _encrypt
    kerberos.authGSSWinRMDecryptMessage = _decrypt

import winrm  # noqa: E402  (after the shim: requests-kerberos checks for it when the session is built)


def main() -> None:
    endpoint, principal, override, encryption, command, *args = sys.argv[1:]
    session = winrm.Session(
        endpoint, auth=(principal, None), transport="kerberos", message_encryption=encryption,
        kerberos_hostname_override=override, server_cert_validation="ignore",
    )
    try:
        r = session.run_cmd(command, args)
    except Exception as e:  # report every failure as data for the test to assert on
        print(json.dumps({"error": str(e), "type": type(e).__name__}))
        return
    print(json.dumps({"rc": r.status_code, "stdout": r.std_out.decode("cp437"), "stderr": r.std_err.decode("cp437")}))


main()
