/**
 * What message encryption needs from an authenticated security context, whichever mechanism produced it (NTLM,
 * Kerberos, either inside SPNEGO). The same seam as pyspnego's `wrap_winrm`/`unwrap_winrm`: the HTTP framing
 * (http/encryption.ts) takes any MessageSecurity, so the client and the simulator share one framing for all of them.
 */
export interface WrappedMessage {
  /**
   * The per-message header WinRM puts before the ciphertext, with its length in front: NTLM's 16-byte signature,
   * or the RFC 4121 wrap token header (token header, encrypted confounder, the rotated trailer) for Kerberos.
   */
  signature: Buffer;
  /** The ciphertext, plus any padding the mechanism adds. */
  sealed: Buffer;
  /**
   * Bytes of padding at the end of `sealed` (RC4-HMAC Kerberos only; 0 or absent for NTLM and AES). pypsrp adds it to
   * the `OriginalContent` Length= of the framing.
   */
  paddingLength?: number;
}

/** Sign + seal after authentication, one per TCP connection. */
export interface MessageSecurity {
  wrap(plain: Buffer): WrappedMessage;
  /** Verify and unseal one message; throws when the signature or sequence number is wrong. */
  unwrap(sealed: Buffer, signature: Buffer): Buffer;
}

/**
 * A context that can also sign without sealing (GSS_GetMIC/GSS_VerifyMIC), which SPNEGO's mechListMIC needs
 * [RFC 4178 5], and whose crypto state SPNEGO may reset afterwards (NTLM only) [MS-SPNG 3.3.5.1].
 */
export interface MicSecurity extends MessageSecurity {
  sign(data: Buffer): Buffer;
  /** Throws when the MIC does not match. */
  verify(data: Buffer, mic: Buffer): void;
  /** Put the sealing state of one direction back to how it was keyed (NTLM inside SPNEGO); a no-op elsewhere. */
  resetCrypto?(direction: 'outgoing' | 'incoming'): void;
}

/**
 * RFC 5929 4 tls-server-end-point channel binding, carried as gss_channel_bindings_struct's application data
 * [RFC 2744 3.11]: the addresses are empty, as every WinRM client and Windows itself send them.
 */
export interface ChannelBindings {
  /** `tls-server-end-point:` ‖ hash of the server certificate. */
  applicationData: Buffer;
}
