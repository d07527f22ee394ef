/** The WinRM transport's public face; everything else under transport/winrm is internal. */
export { WinrmTransport, CommandTimeoutError } from './transport.ts';
export type { WinrmTransportDeps } from './transport.ts';
export { TicketCache } from './kerberos/ticket-cache.ts';
