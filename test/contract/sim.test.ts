/**
 * The transport contract against the simulator, over both transports: WinRM (NTLM, sealed) and SSH (password,
 * host key verified against the site's known_hosts). Both reach the same SimHost, so the same cmd.exe table holds.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { connectionSettings, sshSettings } from '../../src/inventory/connection.ts';
import { readFile } from '../../src/sim/host/fs.ts';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { SshTransport } from '../../src/transport/ssh/index.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackAddress, loopbackBlock } from '../helpers/addresses.ts';
import { describeTransportContract } from './transport.contract.ts';
import { windowsCommands } from './windows-commands.ts';

let site: SimSite;
let knownHosts: string;
/** Nothing listens there: the block is ours and host 250 is never started. */
const NOBODY = loopbackAddress(200, 250);

beforeAll(async () => {
  site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(200), ssh: { port: 0 } });
  const dir = await mkdtemp(join(tmpdir(), 'winbook-contract-'));
  knownHosts = join(dir, 'known_hosts');
  await writeFile(knownHosts, site.knownHosts());
});
afterAll(async () => {
  await site?.close();
});

function vars(o: { password?: string; unreachable?: boolean }, extra: Record<string, unknown>): Record<string, unknown> {
  return { ansible_user: site.adminUser, ansible_password: o.password ?? site.adminPassword, ...extra, ...(o.unreachable ? { ansible_host: NOBODY } : {}) };
}

describeTransportContract('WinRM (simulator)', () => ({
  transport: (o = {}) => new WinrmTransport(connectionSettings('win01', vars(o, { ansible_host: site.hosts[0]!.address }))),
  commands: windowsCommands,
  upload: {
    path: 'C:\\Users\\Administrator\\upload.bin',
    // The upload script writes into the host model's file system, which the modules see too.
    readBack: async (p) => readFile(site.hosts[0]!.host.state, p, site.adminUser),
    missingFolder: { path: 'C:\\NoSuchFolder\\upload.bin', message: /cannot write C:\\NoSuchFolder\\upload\.bin: The system cannot find the path specified\./ },
  },
}));

describeTransportContract('SSH (simulator)', () => ({
  transport: (o = {}) => {
    const listener = site.hosts[0]!.ssh!;
    const v = vars(o, { ansible_connection: 'ssh', ansible_host: listener.address, ansible_port: listener.port, ansible_ssh_known_hosts_file: knownHosts, ansible_ssh_timeout: 5 });
    return new SshTransport(connectionSettings('win01', v), sshSettings('win01', v, {}));
  },
  commands: windowsCommands,
  upload: { path: 'C:\\Users\\Administrator\\upload.bin', readBack: async (p) => site.hosts[0]!.ssh!.files.get(p) },
}));
