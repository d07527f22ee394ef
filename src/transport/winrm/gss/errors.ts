import { WinbookError, type WinbookErrorOptions } from '../../../errors.ts';

/**
 * Failures of the mechanism-neutral GSS layer (SPNEGO tokens, DER, channel bindings, the encrypted framing).
 * Codes: GSS_BAD_TOKEN (a token or framed message that does not parse), GSS_BAD_SIGNATURE (a MIC or sealed
 * message that does not verify), GSS_NO_MECH (no mechanism both sides support). Like NtlmError, the HTTP layer
 * wraps these with the host; the simulator maps them to 401.
 */
export type GssErrorCode = 'GSS_BAD_TOKEN' | 'GSS_BAD_SIGNATURE' | 'GSS_NO_MECH';

export class GssError extends WinbookError {
  declare readonly code: GssErrorCode;

  constructor(code: GssErrorCode, message: string, opts: WinbookErrorOptions = {}) {
    super(code, message, opts);
  }
}
