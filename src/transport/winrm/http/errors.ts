/**
 * Turns wire failures and HTTP statuses into the typed errors of src/errors.ts, naming the host, what was being
 * done and the likely fix. Codes: WINRM_AUTH_FAILED, WINRM_CONNECTION_REFUSED, WINRM_DNS, WINRM_TIMEOUT,
 * WINRM_CONNECTION_RESET, WINRM_CONNECTION_FAILED, WINRM_PROTOCOL, WINRM_DECRYPT_FAILED, WINRM_ABORTED,
 * WINRM_CERT_UNTRUSTED, WINRM_TLS_MISMATCH, WINRM_UNENCRYPTED_REFUSED, WINRM_HTTP_<status>.
 */
import { AuthenticationError, ConnectionError, RemoteError, WinbookError } from '../../../errors.ts';
import { WireFailure } from './socket.ts';

export interface ErrorContext {
  host: string;
  address: string;
  port: number;
  operation: string;
  encryption: boolean;
  scheme: 'http' | 'https';
  basic?: boolean;
}

const where = (c: ErrorContext): string => `${c.host} (${c.address}:${c.port})`;

const HTTPS_PORT = 5986;

export function wireError(f: WireFailure, c: ErrorContext, signal?: AbortSignal): WinbookError {
  const opts = { host: c.host, cause: f };
  // Plain HTTP to the HTTPS listener: the TLS layer drops the connection without an HTTP answer.
  if (c.scheme === 'http' && c.port === HTTPS_PORT && (f.kind === 'reset' || f.kind === 'protocol')) {
    f = new WireFailure('tls-mismatch', f.message, f.errno, { cause: f });
  }
  switch (f.kind) {
    case 'tls-cert':
      return new ConnectionError('WINRM_CERT_UNTRUSTED', `the HTTPS certificate of ${where(c)} is not trusted (${f.errno ?? 'TLS'}: ${f.message}) while ${c.operation}`, {
        ...opts,
        hint:
          f.errno === 'ERR_TLS_CERT_ALTNAME_INVALID'
            ? `the certificate does not name ${c.address}: set ansible_host to a name the certificate carries, or re-issue it with that name`
            : 'give the issuing CA as a PEM file in ansible_winrm_ca_trust_path (or install it in the system store); for a lab host only, ansible_winrm_server_cert_validation: ignore',
      });
    case 'tls-mismatch':
      return new ConnectionError('WINRM_TLS_MISMATCH', c.scheme === 'https'
        ? `${where(c)} does not speak TLS while ${c.operation}: it is an HTTP listener`
        : `${where(c)} closed the connection on a plain HTTP request while ${c.operation}: it expects TLS`, {
        ...opts,
        hint: c.scheme === 'https'
          ? 'port 5985 is WinRM over HTTP: set ansible_winrm_scheme: http, or ansible_port: 5986 for the HTTPS listener'
          : 'port 5986 is WinRM over HTTPS: set ansible_winrm_scheme: https, or ansible_port: 5985 for the HTTP listener',
      });
    case 'refused':
      return new ConnectionError('WINRM_CONNECTION_REFUSED', `WinRM connection to ${where(c)} refused while ${c.operation}`, {
        ...opts,
        hint: `is WinRM listening on ${c.address}:${c.port}? Run "winrm quickconfig" on the host and allow TCP ${c.port} in the firewall ("Windows Remote Management (HTTP-In)")`,
      });
    case 'dns':
      return new ConnectionError('WINRM_DNS', `cannot resolve ${c.address} for ${c.host} while ${c.operation}`, {
        ...opts,
        hint: 'check ansible_host (or the inventory name) and DNS',
      });
    case 'connect-timeout':
    case 'timeout':
      return new ConnectionError('WINRM_TIMEOUT', `${where(c)} did not answer while ${c.operation}: ${f.message}`, {
        ...opts,
        hint: 'the host may be down or a firewall drops the traffic; raise ansible_winrm_read_timeout_sec if it is only slow',
      });
    case 'reset':
    case 'closed-before-write':
      return new ConnectionError('WINRM_CONNECTION_RESET', `${where(c)} closed the connection while ${c.operation}`, {
        ...opts,
        hint: 'the WinRM service may have restarted, or a proxy or firewall cut the connection',
      });
    case 'aborted':
      return new WinbookError('WINRM_ABORTED', `${c.operation} on ${c.host} was interrupted`, {
        host: c.host,
        cause: signal?.reason ?? f,
      });
    case 'protocol':
      return new ConnectionError('WINRM_PROTOCOL', `${where(c)} sent a malformed HTTP reply while ${c.operation}: ${f.message}`, {
        ...opts,
        hint: `check that ${c.address}:${c.port} is a WinRM listener (scheme ${c.scheme}, path /wsman)`,
      });
    default:
      return new ConnectionError('WINRM_CONNECTION_FAILED', `connection to ${where(c)} failed while ${c.operation}: ${f.message}`, opts);
  }
}

export function authError(c: ErrorContext, detail = 'the credentials were rejected'): AuthenticationError {
  return new AuthenticationError('WINRM_AUTH_FAILED', `WinRM authentication to ${where(c)} failed while ${c.operation}: ${detail}`, {
    host: c.host,
    hint:
      'check ansible_user/ansible_password (DOMAIN\\user or user@domain for domain accounts); local admin accounts ' +
      'other than the built-in Administrator need LocalAccountTokenFilterPolicy=1' +
      (c.encryption || c.scheme === 'https' ? '' : '; a host with AllowUnencrypted=false also answers 401 to unencrypted messages') +
      (c.basic ? '; Basic needs Service/Auth/Basic=true on the host and works for local accounts only' : '') +
      // Windows says nothing more than 401 when the channel binding is wrong; only a certificate swapped in between
      // (a TLS-inspecting proxy) makes ours wrong, since we bind to the certificate we were shown.
      (c.scheme === 'https' && !c.basic ? '; over HTTPS the logon is bound to the certificate we saw: a TLS-inspecting proxy in between makes hosts with CbtHardeningLevel Relaxed or Strict refuse it' : ''),
  });
}

/** A Kerberos failure (no ticket, KDC unreachable, clock skew, the host's KRB-ERROR), with Kerberos' own hint. */
export function kerberosError(c: ErrorContext, e: WinbookError): AuthenticationError {
  return new AuthenticationError('WINRM_KERBEROS_FAILED', `Kerberos authentication to ${where(c)} failed while ${c.operation}: ${e.message} (${e.code})`, {
    host: c.host,
    cause: e,
    hint: e.hint ?? 'check ansible_user (user@REALM), the KDC in krb5.conf (KRB5_CONFIG) and the SPN HTTP/<host>',
  });
}

export function decryptError(c: ErrorContext, cause: unknown): ConnectionError {
  return new ConnectionError('WINRM_DECRYPT_FAILED', `could not decrypt the reply of ${where(c)} while ${c.operation}: ${cause instanceof Error ? cause.message : String(cause)}`, {
    host: c.host,
    cause,
    hint: 'the message has been tampered with or the connection lost its NTLM state; rerun, and check for a proxy rewriting traffic',
  });
}

export function statusError(status: number, c: ErrorContext): WinbookError {
  const code = `WINRM_HTTP_${status}`;
  if (status === 413) {
    return new RemoteError(code, `${c.host} refused a request larger than its MaxEnvelopeSizekb while ${c.operation}`, {
      host: c.host,
      hint: 'raise MaxEnvelopeSizekb on the host (winrm set winrm/config @{MaxEnvelopeSizekb="500"}) or send less data per task',
    });
  }
  return new ConnectionError(code, `${where(c)} answered HTTP ${status} while ${c.operation}`, {
    host: c.host,
    hint: `check that ${c.address}:${c.port} is a WinRM listener (scheme ${c.scheme}, path /wsman)`,
  });
}

export function unencryptedRefused(c: ErrorContext): ConnectionError {
  return new ConnectionError('WINRM_UNENCRYPTED_REFUSED', `${where(c)} refused an unencrypted message while ${c.operation} (HTTP 500 with no body)`, {
    host: c.host,
    hint: 'the WinRM service has AllowUnencrypted=false, as by default: leave ansible_winrm_message_encryption at auto (NTLM seals messages) or use https',
  });
}
