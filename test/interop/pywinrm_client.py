"""Drive a simulated host with pywinrm, an independent WinRM client: if pywinrm and the simulator disagree,
the simulator is wrong. Prints one JSON line: {"rc", "stdout", "stderr"} or {"error", "type"}.

usage: pywinrm_client.py ENDPOINT USER PASSWORD always|never|auto COMMAND [ARG...]
environment: PYWINRM_TRANSPORT (ntlm by default; ssl = Basic over HTTPS; kerberos), PYWINRM_CA (CA file to validate
the HTTPS certificate against), PYWINRM_SEND_CBT=0 (leave out the channel binding pywinrm sends on HTTPS by default),
PYWINRM_HOSTNAME_OVERRIDE (kerberos: the SPN's host, pywinrm's kerberos_hostname_override).

With kerberos, USER is user@REALM and PASSWORD is empty: the ticket comes from the caller's kinit (KRB5CCNAME), as in
Ansible's managed mode, through requests-kerberos on pykerberos. Debian's pykerberos 1.1.14 lacks
authGSSWinRMEncryptMessage/authGSSWinRMDecryptMessage, which requests-kerberos calls for WinRM message encryption;
they are supplied from pykerberos' own gss_wrap_iov binding, whose output is exactly WinRM's framing payload: a
little-endian 32-bit header length, the wrap-token header (HEADER buffer), then the ciphertext (DATA buffer).
"""
import base64
import json
import os
import struct
import sys


def _supply_winrm_wrap() -> None:
    import kerberos

    def encrypt(context, message):
        kerberos.authGSSClientWrapIov(context, base64.b64encode(message).decode(), 1)
        out = base64.b64decode(kerberos.authGSSClientResponse(context))
        header_len = struct.unpack("<I", out[:4])[0]
        return out[4 + header_len:], out[4:4 + header_len]

    def decrypt(context, message, header):
        framed = struct.pack("<I", len(header)) + header + message
        kerberos.authGSSClientUnwrapIov(context, base64.b64encode(framed).decode())
        return base64.b64decode(kerberos.authGSSClientResponse(context))

    if not hasattr(kerberos, "authGSSWinRMEncryptMessage"):
        kerberos.authGSSWinRMEncryptMessage = encrypt
        kerberos.authGSSWinRMDecryptMessage = decrypt


def main() -> None:
    endpoint, user, password, encryption, command, *args = sys.argv[1:]
    transport = os.environ.get("PYWINRM_TRANSPORT", "ntlm")
    options = {"transport": transport, "message_encryption": encryption}
    if transport == "kerberos":
        # Before winrm is imported: requests-kerberos checks for the wrap functions when the session is built.
        _supply_winrm_wrap()
        options.update(kerberos_hostname_override=os.environ.get("PYWINRM_HOSTNAME_OVERRIDE"))
    import winrm

    if os.environ.get("PYWINRM_SEND_CBT") == "0":
        options.update(send_cbt=False)
    if os.environ.get("PYWINRM_CA"):
        options.update(server_cert_validation="validate", ca_trust_path=os.environ["PYWINRM_CA"])
    session = winrm.Session(endpoint, auth=(user, password or None), **options)
    try:
        r = session.run_cmd(command, args)
    except Exception as e:  # report every failure as data for the test to assert on
        print(json.dumps({"error": str(e), "type": type(e).__name__}))
        return
    print(json.dumps({"rc": r.status_code, "stdout": r.std_out.decode("cp437"), "stderr": r.std_err.decode("cp437")}))


main()
