/**
 * Server role: successful replies, shaped like the recorded replies of real Windows hosts (reference §4, §12;
 * fixtures in /work/shared/fixtures/winrm-recorded).
 */
import { formatWindowsDuration, parseDurationMs } from './duration.ts';
import { ACTION, COMMAND_STATE, NS, RESOURCE_URI } from './namespaces.ts';
import { replyEnvelope } from './server-envelope.ts';
import { escapeAttr, escapeText } from './xml.ts';

/** Winrs/IdleTimeout default 7200000 ms, echoed as `PT7200.000S` (reference §6). */
const DEFAULT_IDLE_TIMEOUT = 'PT7200.000S';

export function buildCreateResponse(o: {
  messageId: string;
  shellId: string;
  address: string;
  owner: string;
  clientIp: string;
  idleTimeout?: string;
  env?: Record<string, string>;
  workingDirectory?: string;
}): string {
  const shellId = escapeText(o.shellId);
  const env = Object.entries(o.env ?? {});
  const envXml = env.length
    ? `<rsp:Environment>${env.map(([k, v]) => `<rsp:Variable Name="${escapeAttr(k)}">${escapeText(v)}</rsp:Variable>`).join('')}</rsp:Environment>`
    : '';
  const wd = o.workingDirectory === undefined ? '' : `<rsp:WorkingDirectory>${escapeText(o.workingDirectory)}</rsp:WorkingDirectory>`;
  const body =
    `<x:ResourceCreated><a:Address>${escapeText(o.address)}</a:Address><a:ReferenceParameters>` +
    `<w:ResourceURI>${RESOURCE_URI.cmd}</w:ResourceURI>` +
    `<w:SelectorSet><w:Selector Name="ShellId">${shellId}</w:Selector></w:SelectorSet>` +
    `</a:ReferenceParameters></x:ResourceCreated>` +
    `<rsp:Shell xmlns:rsp="${NS.rsp}"><rsp:ShellId>${shellId}</rsp:ShellId>` +
    `<rsp:ResourceUri>${RESOURCE_URI.cmd}</rsp:ResourceUri>` +
    `<rsp:Owner>${escapeText(o.owner)}</rsp:Owner><rsp:ClientIP>${escapeText(o.clientIp)}</rsp:ClientIP>` +
    envXml +
    wd +
    `<rsp:IdleTimeOut>${idleTimeoutEcho(o.idleTimeout)}</rsp:IdleTimeOut>` +
    `<rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams>` +
    `<rsp:ShellRunTime>P0DT0H0M0S</rsp:ShellRunTime><rsp:ShellInactivity>P0DT0H0M0S</rsp:ShellInactivity></rsp:Shell>`;
  return replyEnvelope({ action: ACTION.createResponse, relatesTo: o.messageId, body });
}

/** `PT60S` in the request comes back as `PT60.000S`. */
function idleTimeoutEcho(requested: string | undefined): string {
  if (requested === undefined) return DEFAULT_IDLE_TIMEOUT;
  const ms = parseDurationMs(requested);
  return ms === undefined ? DEFAULT_IDLE_TIMEOUT : formatWindowsDuration(ms);
}

export function buildCommandResponse(o: { messageId: string; commandId: string }): string {
  const body = `<rsp:CommandResponse><rsp:CommandId>${escapeText(o.commandId)}</rsp:CommandId></rsp:CommandResponse>`;
  return replyEnvelope({ action: ACTION.commandResponse, relatesTo: o.messageId, body });
}

export function buildSendResponse(o: { messageId: string }): string {
  return replyEnvelope({ action: ACTION.sendResponse, relatesTo: o.messageId, body: '<rsp:SendResponse/>' });
}

/** Default Stream chunk size; the caller lowers it (or passes less output) to fit the client's MaxEnvelopeSize. */
const DEFAULT_MAX_CHUNK = 8192;

/**
 * Output so far as several Stream chunks. When done: one empty End="true" Stream per stream, then State Done with
 * ExitCode; while running: State Running with no ExitCode (reference §4.4).
 */
export function buildReceiveResponse(o: {
  messageId: string;
  commandId: string;
  stdout: Buffer;
  stderr: Buffer;
  done: boolean;
  exitCode?: number;
  maxChunk?: number;
}): string {
  const id = escapeAttr(o.commandId);
  const max = Math.max(1, o.maxChunk ?? DEFAULT_MAX_CHUNK);
  const streams: string[] = [];
  for (const [name, data] of [['stdout', o.stdout], ['stderr', o.stderr]] as const) {
    for (let i = 0; i < data.length; i += max) {
      streams.push(`<rsp:Stream Name="${name}" CommandId="${id}">${data.subarray(i, i + max).toString('base64')}</rsp:Stream>`);
    }
  }
  let state: string;
  if (o.done) {
    streams.push(`<rsp:Stream Name="stdout" CommandId="${id}" End="true"></rsp:Stream>`);
    streams.push(`<rsp:Stream Name="stderr" CommandId="${id}" End="true"></rsp:Stream>`);
    state = `<rsp:CommandState CommandId="${id}" State="${COMMAND_STATE.done}"><rsp:ExitCode>${o.exitCode ?? 0}</rsp:ExitCode></rsp:CommandState>`;
  } else {
    state = `<rsp:CommandState CommandId="${id}" State="${COMMAND_STATE.running}"></rsp:CommandState>`;
  }
  const body = `<rsp:ReceiveResponse>${streams.join('')}${state}</rsp:ReceiveResponse>`;
  return replyEnvelope({ action: ACTION.receiveResponse, relatesTo: o.messageId, body });
}

export function buildSignalResponse(o: { messageId: string }): string {
  return replyEnvelope({ action: ACTION.signalResponse, relatesTo: o.messageId, body: '<rsp:SignalResponse/>' });
}

export function buildDeleteResponse(o: { messageId: string }): string {
  return replyEnvelope({ action: ACTION.deleteResponse, relatesTo: o.messageId, body: '' });
}

/** Unauthenticated Identify reply: the real OS version appears only when authenticated (reference §4.7). */
export function buildIdentifyResponse(): string {
  return (
    `<s:Envelope xml:lang="en-US" xmlns:s="${NS.s}"><s:Header/><s:Body>` +
    `<wsmid:IdentifyResponse xmlns:wsmid="${NS.wsmid}">` +
    `<wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd</wsmid:ProtocolVersion>` +
    `<wsmid:ProductVendor>Microsoft Corporation</wsmid:ProductVendor>` +
    `<wsmid:ProductVersion>OS: 0.0.0 SP: 0.0 Stack: 3.0</wsmid:ProductVersion>` +
    `</wsmid:IdentifyResponse></s:Body></s:Envelope>`
  );
}

/**
 * GetResponse for the config resource (`winrm get winrm/config`, [MS-WSMV] 3.1.4.8), shaped like the recorded
 * reply of a Windows Server 2019 host (test_wsman_update_envelope_size_500): the settings the caller models, the
 * rest at Windows' defaults.
 */
export function buildGetConfigResponse(o: {
  messageId: string;
  maxEnvelopeKb: number;
  allowUnencrypted: boolean;
  basic: boolean;
  maxConcurrentOperationsPerUser?: number;
  maxShellsPerUser?: number;
}): string {
  const cfg = (name: string, value: string | number | boolean) => `<cfg:${name}>${escapeText(String(value))}</cfg:${name}>`;
  const body =
    `<cfg:Config xmlns:cfg="${NS.cfg}">` +
    cfg('MaxEnvelopeSizekb', o.maxEnvelopeKb) +
    cfg('MaxTimeoutms', 60000) +
    cfg('MaxBatchItems', 32000) +
    cfg('MaxProviderRequests', 4294967295) +
    '<cfg:Service>' +
    cfg('RootSDDL', 'O:NSG:BAD:P(A;;GA;;;BA)(A;;GR;;;IU)S:P(AU;FA;GA;;;WD)(AU;SA;GXGW;;;WD)') +
    cfg('MaxConcurrentOperations', 4294967295) +
    cfg('MaxConcurrentOperationsPerUser', o.maxConcurrentOperationsPerUser ?? 1500) +
    cfg('EnumerationTimeoutms', 240000) +
    cfg('MaxConnections', 300) +
    cfg('MaxPacketRetrievalTimeSeconds', 120) +
    cfg('AllowUnencrypted', o.allowUnencrypted) +
    `<cfg:Auth>${cfg('Basic', o.basic)}${cfg('Kerberos', true)}${cfg('Negotiate', true)}${cfg('Certificate', false)}${cfg('CredSSP', false)}${cfg('CbtHardeningLevel', 'Relaxed')}</cfg:Auth>` +
    `<cfg:DefaultPorts>${cfg('HTTP', 5985)}${cfg('HTTPS', 5986)}</cfg:DefaultPorts>` +
    '</cfg:Service>' +
    '<cfg:Winrs>' +
    cfg('AllowRemoteShellAccess', true) +
    cfg('IdleTimeout', 7200000) +
    cfg('MaxConcurrentUsers', 2147483647) +
    cfg('MaxShellRunTime', 2147483647) +
    cfg('MaxProcessesPerShell', 2147483647) +
    cfg('MaxMemoryPerShellMB', 2147483647) +
    cfg('MaxShellsPerUser', o.maxShellsPerUser ?? 2147483647) +
    '</cfg:Winrs>' +
    '</cfg:Config>';
  return replyEnvelope({ action: ACTION.getResponse, relatesTo: o.messageId, body });
}
