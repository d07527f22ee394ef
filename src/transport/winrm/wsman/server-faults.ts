/**
 * Server role: SOAP faults with Windows' exact texts, codes and subcodes (reference §5.1, §5.2). Sent with HTTP 500.
 * Message texts end with a space, and the TimedOut text with two, as Windows writes them.
 */
import type { FaultSpec, WsmanFaultKind } from './server-types.ts';
import { ACTION, NS } from './namespaces.ts';
import { replyEnvelope } from './server-envelope.ts';
import { escapeAttr, escapeText } from './xml.ts';
import { wmiErrorDetail } from './wmi-error.ts';

interface FaultShape {
  soapCode: 'Sender' | 'Receiver';
  /** Qualified with the prefix Windows declares on fault envelopes. */
  subcode: string;
  action: string;
  code: number;
  reason: string;
  message: string;
  faultDetail?: string;
  /** Wrap the message in a ProviderFault from the cmd shell plugin, as the recorded 87/2147942402 faults do. */
  cmdPlugin?: boolean;
  /** Detail is an MSFT_WmiError (quota faults on WinRM 3.0+), not an f:WSManFault. */
  wmiError?: boolean;
}

const FAULT_DETAIL = 'http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail';
const INVALID_SELECTORS = 'The WS-Management service cannot process the request because the request contained invalid selectors for the resource. ';
const TIMED_OUT = 'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  ';

function shape(f: FaultSpec): FaultShape {
  const wsman = ACTION.wsmanFault;
  const shapes: Record<WsmanFaultKind, () => FaultShape> = {
    timed_out: () => ({ soapCode: 'Receiver', subcode: 'w:TimedOut', action: wsman, code: 2150858793, reason: TIMED_OUT, message: TIMED_OUT }),
    shell_not_found: () => ({
      soapCode: 'Sender', subcode: 'w:InvalidSelectors', action: wsman, code: 2150858843, reason: INVALID_SELECTORS,
      faultDetail: `${FAULT_DETAIL}/UnexpectedSelectors`,
      message: `The request for the Windows Remote Shell with ShellId ${f.shellId ?? ''} failed because the shell was not found on the server. Possible causes are: the specified ShellId is incorrect or the shell no longer exists on the server. Provide the correct ShellId or create a new shell and retry the operation. `,
    }),
    command_not_found: () => ({
      soapCode: 'Sender', subcode: 'w:InvalidSelectors', action: wsman, code: 2150858843, reason: INVALID_SELECTORS,
      faultDetail: `${FAULT_DETAIL}/UnexpectedSelectors`,
      message: 'The Windows Remote Shell received a request to perform an operation on a command identifier that does not exist. Either the command has completed execution or the client specified an invalid command identifier. ',
    }),
    invalid_parameter: () => ({
      soapCode: 'Sender', subcode: 'w:InvalidParameter', action: wsman, code: 87, reason: 'The parameter is incorrect. ',
      message: 'The parameter is incorrect. ', faultDetail: `${FAULT_DETAIL}/InvalidValue`, cmdPlugin: true,
    }),
    invalid_timeout: () => ({
      soapCode: 'Sender', subcode: 'a:InvalidMessageInformationHeader', action: ACTION.addressingFault, code: 2150858767,
      reason: 'The WS-Management service cannot process the request. The request contains one or more invalid SOAP headers. ',
      message: `The WS-Management service cannot process the request. The XML contains an invalid timeout field in the SOAP header: ${f.detail ?? ''}. `,
    }),
    // WinRM 3.0+ (Server 2012 and later) answers quota faults with an MSFT_WmiError in the Detail, no f:WSManFault
    // (wmi-error.ts cites the published replies). Reason: the code's own text; the Detail: the text naming the quota.
    max_shells: () => quota(2150859173, 'The maximum number of concurrent shells for this user has been exceeded. Close existing shells or raise the quota for this user. ', `This user is allowed a maximum number of ${f.limit ?? 0} concurrent shells, which has been exceeded. Close existing shells or raise the quota for this user. `),
    max_operations: () => quota(2150859174, 'The maximum number of concurrent operations for this user has been exceeded. Close existing operations for this user, or raise the quota for this user. ', `This user is allowed a maximum number of ${f.limit ?? 0} concurrent operations, which has been exceeded. Close existing operations for this user, or raise the quota for this user. `),
    access_denied: () => internal(2147942405, 'Access is denied. ', false),
    file_not_found: () => internal(2147942402, 'The system cannot find the file specified. ', true),
    filename_too_long: () => internal(2147942606, 'The filename or extension is too long. ', true),
    // ERROR_WSMAN_ACTION_NOT_SUPPORTED 0x80338013 (winerror.h: wsa, code=Sender, subcode ActionNotSupported).
    action_not_supported: () => ({
      soapCode: 'Sender', subcode: 'a:ActionNotSupported', action: ACTION.addressingFault, code: 2150858771,
      reason: 'The WS-Management service does not support the action specified in the request. ',
      message: 'The WS-Management service does not support the action specified in the request. ',
    }),
  };
  return shapes[f.kind]();
}

function quota(code: number, reason: string, message: string): FaultShape {
  const lead = 'The WS-Management service cannot process the request. ';
  return { soapCode: 'Sender', subcode: 'w:QuotaLimit', action: ACTION.wsmanFault, code, reason: lead + reason, message: lead + message, wmiError: true };
}

function internal(code: number, text: string, cmdPlugin: boolean): FaultShape {
  return { soapCode: 'Receiver', subcode: 'w:InternalError', action: ACTION.wsmanFault, code, reason: text, message: text, cmdPlugin };
}

export function buildFault(f: FaultSpec): string {
  const s = shape(f);
  const message = s.cmdPlugin
    ? `<f:ProviderFault provider="Shell cmd plugin" path="%systemroot%\\system32\\winrscmd.dll">${escapeText(s.message)}</f:ProviderFault>`
    : escapeText(s.message);
  const detail = s.wmiError
    ? wmiErrorDetail(s.code, s.message)
    : (s.faultDetail ? `<w:FaultDetail>${s.faultDetail}</w:FaultDetail>` : '') +
      `<f:WSManFault xmlns:f="${NS.f}" Code="${s.code}" Machine="${escapeAttr(f.machine)}"><f:Message>${message}</f:Message></f:WSManFault>`;
  const body =
    `<s:Fault><s:Code><s:Value>s:${s.soapCode}</s:Value><s:Subcode><s:Value>${s.subcode}</s:Value></s:Subcode></s:Code>` +
    `<s:Reason><s:Text xml:lang="en-US">${escapeText(s.reason)}</s:Text></s:Reason>` +
    `<s:Detail>${detail}</s:Detail></s:Fault>`;
  return replyEnvelope({ action: s.action, relatesTo: f.messageId, body, fault: true });
}
