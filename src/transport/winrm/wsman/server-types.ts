/**
 * Contract of the WS-Man codecs in the server role (used by the simulator). The client-role builders and
 * parsers live beside them; both sides are tested against the recorded replies of real Windows hosts.
 * Implemented in server.ts: parseWsmanRequest(xml) and the build*Response / buildFault functions.
 */

interface RequestCommon {
  /** The request's a:MessageID text, echoed verbatim in a:RelatesTo. */
  messageId: string;
  resourceUri: string;
  /** w:OperationTimeout in ms (default 60000 when absent). */
  operationTimeoutMs: number;
  /** w:MaxEnvelopeSize in bytes (default 153600). */
  maxEnvelopeSize: number;
  /** Selectors by name; ShellId is found case-insensitively and also exposed as shellId. */
  selectors: Record<string, string>;
  /** w:OptionSet options by name. */
  options: Record<string, string>;
}

export type WsmanRequest =
  | (RequestCommon & {
      action: 'create';
      codepage?: number;
      noProfile: boolean;
      env: Record<string, string>;
      workingDirectory?: string;
      idleTimeout?: string;
      /** Client-chosen ShellId attribute on rsp:Shell, if any. */
      requestedShellId?: string;
    })
  | (RequestCommon & {
      action: 'command';
      shellId: string;
      commandId?: string;
      command: string;
      arguments: string[];
      skipCmdShell: boolean;
      consoleModeStdin: boolean;
    })
  | (RequestCommon & {
      action: 'send';
      shellId: string;
      streams: Array<{ name: string; commandId?: string; end: boolean; data: Buffer }>;
    })
  | (RequestCommon & { action: 'receive'; shellId: string; commandId?: string; streams: string[] })
  | (RequestCommon & { action: 'signal'; shellId: string; commandId?: string; code: string })
  | (RequestCommon & { action: 'delete'; shellId: string })
  | (RequestCommon & { action: 'get'; shellId?: string })
  | { action: 'identify'; messageId?: string }
  | (RequestCommon & { action: 'unknown'; actionUri: string });

/** Faults a simulated host sends, with Windows' exact texts (reference §5.2). */
export type WsmanFaultKind =
  | 'timed_out' // 2150858793 w:TimedOut
  | 'shell_not_found' // 2150858843 w:InvalidSelectors (needs shellId)
  | 'command_not_found' // 2150858843 w:InvalidSelectors, command identifier text
  | 'invalid_parameter' // 87 w:InvalidParameter
  | 'invalid_timeout' // 2150858767 a:InvalidMessageInformationHeader (needs detail: the bad value)
  | 'max_shells' // 2150859173 (needs limit)
  | 'max_operations' // 2150859174 (needs limit)
  | 'access_denied' // 2147942405 w:InternalError
  | 'file_not_found' // 2147942402 w:InternalError
  | 'filename_too_long' // 2147942606 w:InternalError
  | 'action_not_supported'; // a:ActionNotSupported for unknown actions

export interface FaultSpec {
  messageId: string;
  /** The host as the client addressed it (IP or name). */
  machine: string;
  kind: WsmanFaultKind;
  shellId?: string;
  limit?: number;
  detail?: string;
}
