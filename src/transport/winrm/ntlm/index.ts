/** The NTLM layer's public surface: client and server contexts, the session, errors and the contract types. */
export type * from './types.ts';
export { NtlmClient, parseUsername, CLIENT_FLAGS, type NtlmClientOptions } from './client.ts';
export { NtlmServer, type NtlmServerConfig } from './server.ts';
export { NtlmSession, type NtlmRole } from './security.ts';
export { NtlmError, type NtlmErrorCode } from './errors.ts';
export { NegotiateFlags, AvId } from './messages.ts';
