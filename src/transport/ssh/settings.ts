/**
 * What the SSH transport needs beyond the common ConnectionSettings, from Ansible's ssh connection variables
 * (src/inventory/connection.ts fills it): key authentication, host key checking and timeouts.
 */
export interface SshSettings {
  /** ansible_ssh_private_key_file / ansible_private_key_file: path of an OpenSSH or PEM private key. */
  privateKeyFile?: string;
  /** ansible_private_key_passphrase / ansible_ssh_private_key_passphrase (ansible-core 2.19 names; keep it in a vault). */
  privateKeyPassphrase?: string;
  /** ansible_ssh_known_hosts_file; default ~/.ssh/known_hosts. */
  knownHostsFile: string;
  /** host_key_checking (ansible_host_key_checking, ANSIBLE_HOST_KEY_CHECKING); true unless explicitly turned off. */
  hostKeyChecking: boolean;
  /** ansible_ssh_timeout / ansible_timeout: seconds to connect and authenticate (Ansible's default 10). */
  connectTimeoutSec: number;
  /** Seconds between keep-alive probes; the connection is declared dead after 3 unanswered probes. */
  keepaliveIntervalSec: number;
}
