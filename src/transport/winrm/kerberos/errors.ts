import { WinbookError, type WinbookErrorOptions } from '../../../errors.ts';

/**
 * Kerberos failures. `code` is the RFC 4120 7.5.9 name when a KDC or acceptor said it (KDC_ERR_PREAUTH_FAILED,
 * KRB_AP_ERR_SKEW, ...) or one of ours: KRB_BAD_MESSAGE (a message that does not parse), KRB_KDC_UNREACHABLE
 * (no KDC answered), KRB_CONFIG (no realm or KDC known), KRB_CCACHE (an unreadable credential cache or keytab),
 * KRB_BAD_INTEGRITY (a token or message whose checksum or sequence is wrong), KRB_ETYPE_UNSUPPORTED.
 * `krbCode` keeps the numeric error code of a KRB-ERROR. The HTTP layer wraps these with the host.
 */
export class KerberosError extends WinbookError {
  /** RFC 4120 error-code from a KRB-ERROR, when one was received or is being sent. */
  readonly krbCode?: number;

  constructor(code: string, message: string, opts: WinbookErrorOptions & { krbCode?: number } = {}) {
    super(code, message, opts);
    this.krbCode = opts.krbCode;
  }
}
