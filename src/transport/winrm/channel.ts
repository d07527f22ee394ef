/**
 * What the WS-Man layer needs from HTTP: post one SOAP envelope, get the reply. The HTTP layer (http/) owns
 * authentication, keep-alive sockets and message encryption; the WS-Man layer (wsman/, shell.ts) owns envelopes.
 */

export interface SoapReply {
  /** HTTP status: 200, or 500 for every SOAP fault (the body then holds the fault). */
  status: number;
  /** Decrypted SOAP envelope text (may be empty). */
  body: string;
  /** The reply came NTLM-sealed and its signature checked: the host wrote exactly this text. */
  sealed?: boolean;
}

export interface PostOptions {
  /** What is being done, for error messages ("creating the shell", "receiving output"). */
  operation: string;
  /** Aborts the request (interrupt, task timeout). */
  signal?: AbortSignal;
  /** Safe to send twice (Receive, Signal, Delete): resent once on a new connection if the old one broke. */
  idempotent?: boolean;
  /** A long-poll (Receive): it goes on its own connection so other requests need not wait behind it. */
  longPoll?: boolean;
}

export interface SoapChannel {
  post(envelope: string, opts: PostOptions): Promise<SoapReply>;
  /** HTTP requests sent so far, authentication legs included. */
  readonly requests: number;
  close(): Promise<void>;
}
