/**
 * SOAP faults from a WinRM host ([MS-WSMV] 2.2.4.16 WSManFault; reference §5). Windows answers every fault with
 * HTTP 500; the WSManFault Code (an HRESULT or Win32 code, decimal) says what happened, and the hint says what to do.
 */
import { RemoteError } from '../../../errors.ts';
import type { ReplyContext } from './parse.ts';
import { NS } from './namespaces.ts';
import { readReply } from './reply-scanner.ts';
import type { ReadReplyOptions } from './reply-scanner.ts';
import { attrCI, child, deepText, descendants } from './xml.ts';
import { readWmiError } from './wmi-error.ts';
import type { XmlElement } from './xml.ts';

export const FAULT_CODE = {
  timedOut: 2150858793,
  invalidSelectors: 2150858843,
  invalidHeader: 2150858767,
  maxShells: 2150859173,
  maxOperations: 2150859174,
  accessDenied: 2147942405,
  fileNotFound: 2147942402,
  filenameTooLong: 2147942606,
  invalidParameter: 87,
} as const;

export interface WsmanFaultFields {
  /** WSManFault@Code as a number, else the MSFT_WmiError's error_Code (quota faults of WinRM 3.0+). */
  wsmanCode?: number;
  /** Local name of the SOAP subcode (`TimedOut`, `InvalidSelectors`), prefix dropped. */
  subcode?: string;
  /** Local name of the SOAP code (`Sender`, `Receiver`). */
  soapCode?: string;
  machine?: string;
  /** f:Message (or its ProviderFault) text, else s:Reason, trimmed. */
  reason: string;
  providerFault?: string;
}

export class WsmanFaultError extends RemoteError {
  readonly wsmanCode: number | undefined;
  readonly subcode: string | undefined;
  readonly soapCode: string | undefined;
  readonly machine: string | undefined;
  readonly reason: string;
  readonly providerFault: string | undefined;
  readonly operation: string | undefined;

  constructor(f: WsmanFaultFields, ctx: ReplyContext = {}) {
    const what = ctx.operation ? `${ctx.operation}: ` : '';
    const code = f.wsmanCode ?? f.subcode ?? 'unknown';
    super('WINRM_FAULT', `${what}WS-Management fault ${code}${f.subcode ? ` (${f.subcode})` : ''}: ${f.reason}`, {
      host: ctx.host,
      hint: faultHint(f),
    });
    this.wsmanCode = f.wsmanCode;
    this.subcode = f.subcode;
    this.soapCode = f.soapCode;
    this.machine = f.machine;
    this.reason = f.reason;
    this.providerFault = f.providerFault;
    this.operation = ctx.operation;
  }
}

/** A fault from a reply body, or undefined when the text is not a SOAP fault (e.g. an HTML error page). */
export function parseFault(xml: string, ctx: ReplyContext = {}, opts: ReadReplyOptions = {}): WsmanFaultError | undefined {
  let root: XmlElement;
  try {
    root = readReply(xml, opts);
  } catch {
    return undefined;
  }
  return faultFromTree(root, ctx);
}

/** The fault in a parsed reply, or undefined when its Body holds no s:Fault. */
export function faultFromTree(root: XmlElement, ctx: ReplyContext = {}): WsmanFaultError | undefined {
  const fault = child(child(root, NS.s, 'Body'), NS.s, 'Fault');
  if (!fault) return undefined;
  const code = child(fault, NS.s, 'Code');
  const detail = child(fault, NS.s, 'Detail');
  const wsFault = descendants(detail, NS.f, 'WSManFault')[0];
  const message = child(wsFault, NS.f, 'Message');
  const provider = child(message, NS.f, 'ProviderFault');
  const rawCode = wsFault ? attrCI(wsFault, 'Code') : undefined;
  // Quota faults of WinRM 3.0+ carry an MSFT_WmiError instead (wmi-error.ts): its error_Code is the same HRESULT.
  const wmi = wsFault ? undefined : readWmiError(detail);
  const reason = (deepText(message) || wmi?.message || deepText(child(child(fault, NS.s, 'Reason'), NS.s, 'Text'))).trim();
  return new WsmanFaultError(
    {
      wsmanCode: rawCode !== undefined && /^\d+$/.test(rawCode) ? Number(rawCode) : wmi?.code,
      subcode: localName(child(child(code, NS.s, 'Subcode'), NS.s, 'Value')?.text),
      soapCode: localName(child(code, NS.s, 'Value')?.text),
      machine: wsFault ? attrCI(wsFault, 'Machine') : undefined,
      reason,
      providerFault: provider ? deepText(provider).trim() : undefined,
    },
    ctx,
  );
}

function localName(qname: string | undefined): string | undefined {
  const t = qname?.trim();
  if (!t) return undefined;
  return t.slice(t.indexOf(':') + 1);
}

/** w:TimedOut on Receive: the spec says the client SHOULD just poll again ([MS-WSMV] 3.1.4.14.2). */
export function isTimedOut(e: unknown): boolean {
  return e instanceof WsmanFaultError && (e.wsmanCode === FAULT_CODE.timedOut || e.subcode === 'TimedOut');
}

export function faultHint(f: WsmanFaultFields): string | undefined {
  switch (f.wsmanCode) {
    case FAULT_CODE.invalidSelectors:
      return /command identifier/i.test(f.reason)
        ? 'the command already finished and was freed on the host; rerun'
        : 'the shell expired (idle timeout) or was deleted on the host; rerun';
    case FAULT_CODE.maxShells:
      return 'the MaxShellsPerUser quota is used up: close other sessions, or raise it on the host with winrm set winrm/config/winrs @{MaxShellsPerUser="..."}';
    case FAULT_CODE.maxOperations:
      return 'the MaxConcurrentOperationsPerUser quota is used up: close other sessions, or raise it on the host with winrm set winrm/config/service @{MaxConcurrentOperationsPerUser="..."}';
    case FAULT_CODE.accessDenied:
    case 5:
      return 'the account needs to be a local Administrator or in Remote Management Users on the host';
    case FAULT_CODE.filenameTooLong:
      return 'the command line exceeds the cmd.exe limit of 8191 characters; pass large input on stdin instead';
    case FAULT_CODE.fileNotFound:
      return 'the program was not found on the host; check its name or use a full path';
    case FAULT_CODE.invalidHeader:
      return 'the host rejected a SOAP header; check ansible_winrm_operation_timeout_sec';
    case FAULT_CODE.timedOut:
      return 'the host did not answer within the operation timeout';
    default:
      return undefined;
  }
}
