/**
 * WS-Man codecs in the server role, as the simulator uses them (contract: server-types.ts). Requests are read as
 * Windows reads them; replies and faults are written as Windows writes them.
 */
export { parseWsmanRequest, WsmanRequestFault } from './server-request.ts';
export {
  buildCommandResponse,
  buildCreateResponse,
  buildDeleteResponse,
  buildGetConfigResponse,
  buildIdentifyResponse,
  buildReceiveResponse,
  buildSendResponse,
  buildSignalResponse,
} from './server-replies.ts';
export { buildFault } from './server-faults.ts';
export type { FaultSpec, WsmanFaultKind, WsmanRequest } from './server-types.ts';
