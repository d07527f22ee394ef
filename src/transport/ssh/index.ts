/** The SSH transport's public face; everything else under transport/ssh is internal. */
export { SshTransport } from './transport.ts';
export { SshCommandTimeoutError } from './errors.ts';
export type { SshSettings } from './settings.ts';
export { fingerprint, knownHostsLine } from './known-hosts.ts';
