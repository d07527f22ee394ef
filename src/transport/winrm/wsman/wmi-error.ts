/**
 * The MSFT_WmiError a WinRM 3.0+ service (Windows Server 2012 and later) puts in the Detail of a quota fault where
 * WinRM 2.0 put an f:WSManFault. Its shape is the one of the replies published by clients that met them:
 * - WinRb/WinRM tests/spec/stubs/responses/wmi_error_v2.xml: MaxShellsPerUser (30), s:Sender / w:QuotaLimit, the
 *   code's own text in s:Reason, the quota's text in p:Message and p:error_WindowsErrorMessage;
 * - WinRb/winrm-fs issue 15 (2015): the same object for MaxConcurrentOperationsPerUser (1500), "HRESULT 0x803381a6";
 * - diyan/pywinrm 0.5 reads p:error_Code (WSManFaultError.wmierror_code), and ansible-core's winrm plugin recreates
 *   its shell when it is 0x803381A6 (ansible/ansible PR 83656) — the WSManFault Code is absent from these faults.
 * Both sides are here: the simulator builds it, the client reads its code and text (fault.ts).
 */
import { NS } from './namespaces.ts';
import type { XmlElement } from './xml.ts';
import { child, deepText } from './xml.ts';
import { escapeText } from './xml.ts';

const CIM = 'http://schemas.dmtf.org/wbem/wscim/1/common';
const CIMBINDING = 'http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** The Detail's MSFT_WmiError for an HRESULT `code` whose text is `message` (properties in Windows' order). */
export function wmiErrorDetail(code: number, message: string): string {
  const v = (name: string, type: string, value: string | number) => `<p:${name} xsi:type="cim:${type}">${escapeText(String(value))}</p:${name}>`;
  const nil = (name: string) => `<p:${name} xsi:nil="true" xsi:type="cim:cimString"/>`;
  return (
    `<p:MSFT_WmiError b:IsCIM_Error="true" xmlns:b="${CIMBINDING}" xmlns:cim="${CIM}" xmlns:p="${NS.wmiError}" ` +
    `xsi:type="p:MSFT_WmiError_Type" xmlns:xsi="${XSI}">` +
    // CIM_ERR_SERVER_LIMITS_EXCEEDED (27); error_Category 30 (QuotaExceeded, PowerShell's ErrorCategory).
    v('CIMStatusCode', 'cimUnsignedInt', 27) +
    nil('CIMStatusCodeDescription') +
    nil('ErrorSource') +
    v('ErrorSourceFormat', 'cimUnsignedShort', 0) +
    v('ErrorType', 'cimUnsignedShort', 0) +
    v('Message', 'cimString', message) +
    v('MessageID', 'cimString', `HRESULT 0x${code.toString(16)}`) +
    nil('OtherErrorSourceFormat') +
    nil('OtherErrorType') +
    nil('OwningEntity') +
    v('PerceivedSeverity', 'cimUnsignedShort', 0) +
    v('ProbableCause', 'cimUnsignedShort', 0) +
    nil('ProbableCauseDescription') +
    v('error_Category', 'cimUnsignedInt', 30) +
    v('error_Code', 'cimUnsignedInt', code) +
    v('error_Type', 'cimString', 'HRESULT') +
    v('error_WindowsErrorMessage', 'cimString', message) +
    '</p:MSFT_WmiError>'
  );
}

/** error_Code and Message of an MSFT_WmiError in a fault's Detail, or undefined when there is none. */
export function readWmiError(detail: XmlElement | undefined): { code?: number; message: string } | undefined {
  const err = child(detail, NS.wmiError, 'MSFT_WmiError');
  if (!err) return undefined;
  const raw = child(err, NS.wmiError, 'error_Code')?.text.trim() ?? '';
  const message = deepText(child(err, NS.wmiError, 'Message')).trim();
  return /^\d{1,10}$/.test(raw) ? { code: Number(raw), message } : { message };
}
