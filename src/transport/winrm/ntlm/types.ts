/**
 * Contract of the NTLM layer (MS-NLMP), used by the HTTP client (client role) and the simulator (server role).
 * Implemented by client.ts (class NtlmClient), server.ts (class NtlmServer) and security.ts.
 */

/** Sign + seal after authentication: one continuous RC4 stream and sequence number per direction. */
export interface NtlmSecurityContext {
  /** Seal one message: returns the 16-byte signature and the ciphertext (same length as plain). */
  wrap(plain: Buffer): { signature: Buffer; sealed: Buffer };
  /** Unseal one message and verify its signature and sequence number; throws NtlmError on mismatch. */
  unwrap(sealed: Buffer, signature: Buffer): Buffer;
}

export interface NtlmCredentials {
  /** `user`, `DOMAIN\user` or `user@domain` as in ansible_user. */
  username: string;
  password: string;
  workstation?: string;
}

export interface NtlmClientApi {
  /** The NEGOTIATE_MESSAGE to send first. */
  negotiate(): Buffer;
  /** The AUTHENTICATE_MESSAGE answering the server's CHALLENGE_MESSAGE (with MIC). */
  authenticate(challenge: Buffer): Buffer;
  /** Available after authenticate(). */
  readonly security: NtlmSecurityContext;
}

export interface NtlmServerOptions {
  /** NetBIOS computer name, e.g. `CENTRAL01`. */
  computerName: string;
  /** NetBIOS domain (workgroup machines use the computer name). */
  domainName: string;
  /** Password of an account, or undefined when it does not exist. Called with the user and domain as sent. */
  lookupPassword(username: string, domain: string): string | undefined;
}

export interface NtlmAcceptResult {
  username: string;
  domain: string;
  security: NtlmSecurityContext;
}

export interface NtlmServerApi {
  /** The CHALLENGE_MESSAGE answering a NEGOTIATE_MESSAGE (random server challenge, Timestamp AV pair). */
  challenge(negotiate: Buffer): Buffer;
  /** Verify the AUTHENTICATE_MESSAGE (NTProofStr, MIC); throws NtlmError when the logon fails. */
  accept(authenticate: Buffer): NtlmAcceptResult;
}
