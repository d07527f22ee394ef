/**
 * The SSH side of a simulated site (site.ts): one OpenSSH-like listener per host, all with the site's host key,
 * the known_hosts text that trusts them, and the inventory that reaches the site over SSH.
 */
import { stringify } from 'yaml';
import type { SimHost } from '../host/host.ts';
import type { FaultInjector } from '../winrm/types.ts';
import { generateHostKey, knownHostsEntry } from './host-key.ts';
import type { SimHostKey } from './host-key.ts';
import { startSshListener } from './server.ts';
import type { SshListener } from './server.ts';

export interface SiteSshHost {
  name: string;
  address: string;
  host: SimHost;
  faults: FaultInjector;
}

export interface SiteSsh {
  hostKey: SimHostKey;
  listeners: Map<string, SshListener>;
  /** known_hosts lines for every host's listener. */
  knownHosts(): string;
  close(): Promise<void>;
}

/** Starts a listener per host on `port` (22 by default, 0 for any free port). */
export async function startSiteSsh(hosts: SiteSshHost[], port = 22): Promise<SiteSsh> {
  const hostKey = generateHostKey();
  const listeners = new Map<string, SshListener>();
  const close = () => Promise.all([...listeners.values()].map((l) => l.close())).then(() => undefined);
  try {
    for (const h of hosts) {
      const l = await startSshListener({ address: h.address, port, computerName: h.name.toUpperCase(), hostKey, users: h.host.users(), launcher: h.host, faults: h.faults });
      listeners.set(h.name, l);
    }
  } catch (e) {
    await close();
    throw e;
  }
  return {
    hostKey,
    listeners,
    knownHosts: () => [...listeners.values()].map((l) => knownHostsEntry(hostKey, l.address, l.port)).join('\n') + '\n',
    close,
  };
}

export interface SshInventoryOptions {
  user: string;
  password: string;
  /** Written as ansible_ssh_known_hosts_file when given. */
  knownHostsFile?: string;
}

/** An Ansible YAML inventory (group `windows`) reaching each host over SSH with cmd.exe as the default shell. */
export function sshInventory(ssh: SiteSsh, names: string[], o: SshInventoryOptions): string {
  const hosts = Object.fromEntries(
    names.map((n) => {
      const l = ssh.listeners.get(n);
      return [n, l ? { ansible_host: l.address, ansible_port: l.port } : {}];
    }),
  );
  const vars: Record<string, unknown> = { ansible_connection: 'ssh', ansible_shell_type: 'cmd', ansible_user: o.user, ansible_password: o.password };
  if (o.knownHostsFile) vars.ansible_ssh_known_hosts_file = o.knownHostsFile;
  const inv = { all: { children: { windows: { hosts, vars } } } };
  return `# Written by \`winbook sim up\`: the simulated site's hosts over SSH (lab credentials, loopback only).\n${stringify(inv)}`;
}
