/**
 * Contract of the NTLM layer (MS-NLMP), used by the HTTP client (client role) and the simulator (server role).
 * Implemented by client.ts (class NtlmClient), server.ts (class NtlmServer) and security.ts.
 */

import type { ChannelBindings, MicSecurity } from '../gss/types.ts';

/**
 * Sign + seal after authentication: one continuous RC4 stream and sequence number per direction. wrap() returns the
 * 16-byte signature and a ciphertext as long as the plaintext; unwrap() throws NtlmError on a bad signature or
 * sequence number; sign/verify are GSS_GetMIC/VerifyMIC for SPNEGO's mechListMIC.
 */
export type NtlmSecurityContext = MicSecurity;

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
  /**
   * The TLS channel the server expects the client to be bound to (HTTPS), and how strictly
   * (WinRM's Service/Auth/CbtHardeningLevel): `strict` refuses a client without MsvAvChannelBindings, `relaxed`
   * accepts a missing or all-zero one but refuses a wrong one, `none` does not look. Absent on plain HTTP.
   */
  channelBindings?: { expected: ChannelBindings; level: 'none' | 'relaxed' | 'strict' };
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
