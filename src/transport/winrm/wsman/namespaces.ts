/** Namespaces, Action and Resource URIs of WS-Man and WinRS ([MS-WSMV] 2.2.1, 2.2.4; reference §2). */

export const NS = {
  s: 'http://www.w3.org/2003/05/soap-envelope',
  a: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  x: 'http://schemas.xmlsoap.org/ws/2004/09/transfer',
  e: 'http://schemas.xmlsoap.org/ws/2004/08/eventing',
  n: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration',
  w: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
  p: 'http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd',
  rsp: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell',
  f: 'http://schemas.microsoft.com/wbem/wsman/1/wsmanfault',
  cfg: 'http://schemas.microsoft.com/wbem/wsman/1/config',
  /** The CIM error object WinRM 3.0+ puts in quota faults' Detail instead of f:WSManFault. */
  wmiError: 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MSFT_WmiError',
  wsmid: 'http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

const TRANSFER = 'http://schemas.xmlsoap.org/ws/2004/09/transfer';
const SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell';

export const ACTION = {
  create: `${TRANSFER}/Create`,
  createResponse: `${TRANSFER}/CreateResponse`,
  delete: `${TRANSFER}/Delete`,
  deleteResponse: `${TRANSFER}/DeleteResponse`,
  get: `${TRANSFER}/Get`,
  getResponse: `${TRANSFER}/GetResponse`,
  command: `${SHELL}/Command`,
  commandResponse: `${SHELL}/CommandResponse`,
  send: `${SHELL}/Send`,
  sendResponse: `${SHELL}/SendResponse`,
  receive: `${SHELL}/Receive`,
  receiveResponse: `${SHELL}/ReceiveResponse`,
  signal: `${SHELL}/Signal`,
  signalResponse: `${SHELL}/SignalResponse`,
  wsmanFault: 'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault',
  addressingFault: 'http://schemas.xmlsoap.org/ws/2004/08/addressing/fault',
} as const;

export const RESOURCE_URI = {
  cmd: `${SHELL}/cmd`,
  shell: SHELL,
  config: 'http://schemas.microsoft.com/wbem/wsman/1/config',
} as const;

/** [MS-WSMV] 2.2.4.38: signal codes. Windows accepts any case of the last segment (reference §4.5). */
export const SIGNAL = {
  terminate: `${SHELL}/signal/terminate`,
  ctrl_c: `${SHELL}/signal/ctrl_c`,
  ctrl_break: `${SHELL}/signal/ctrl_break`,
} as const;

/** [MS-WSMV] 2.2.4.7: CommandState values. */
export const COMMAND_STATE = {
  done: `${SHELL}/CommandState/Done`,
  running: `${SHELL}/CommandState/Running`,
  pending: `${SHELL}/CommandState/Pending`,
} as const;

export const ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';

/** WS-Man default and the value all known clients send ([MS-WSMV] 2.2.4.21; reference §3). */
export const DEFAULT_MAX_ENVELOPE_SIZE = 153600;
