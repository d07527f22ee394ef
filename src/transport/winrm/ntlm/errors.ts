import { WinbookError, type WinbookErrorOptions } from '../../../errors.ts';

/**
 * NTLM failures. Codes: NTLM_BAD_MESSAGE (a token that does not parse), NTLM_LOGON_FAILED (unknown user, wrong
 * password, MIC mismatch), NTLM_BAD_SIGNATURE (a sealed message whose signature or sequence number is wrong).
 * The HTTP layer wraps these into ConnectionError/AuthenticationError with the host; the simulator maps them to 401.
 */
export type NtlmErrorCode = 'NTLM_BAD_MESSAGE' | 'NTLM_LOGON_FAILED' | 'NTLM_BAD_SIGNATURE';

export class NtlmError extends WinbookError {
  declare readonly code: NtlmErrorCode;

  constructor(code: NtlmErrorCode, message: string, opts: WinbookErrorOptions = {}) {
    super(code, message, opts);
  }
}
