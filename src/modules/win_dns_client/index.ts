/** ansible.windows.win_dns_client: the DNS servers an adapter looks names up with. */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import { isIPv6 } from 'node:net';
import type { ModuleDef } from '../types.ts';
import { moduleScript } from '../script.ts';
import { aliasOptions, aliasRules } from '../option-alias.ts';

// IPv6 DNS servers are configured through another Windows API (the IPv6 interface's registry/DnsClient), which
// the façade and the host model do not have: refused where written rather than half applied.
const server = () => z.string().refine((s) => !isIPv6(s), { message: 'winbook sets IPv4 DNS servers only; an IPv6 DNS server is not supported' });
const servers = () => z.array(server());

export const winDnsClientSchema = lazySchema(() =>
  z
    .object({
      adapter_names: z.array(z.string()).default(['*']).describe("Connection names (as in Network Connections; wildcards allowed); `*` for every IP-enabled adapter."),
      dns_servers: servers().optional().describe('IPv4 DNS servers, in lookup order. An empty list resets to the DHCP-assigned servers (none on a static adapter).'),
      ...aliasOptions('dns_servers', servers(), 'ipv4_addresses', 'ip_addresses', 'addresses'),
    })
    .strict()
    .superRefine(aliasRules('dns_servers', ['ipv4_addresses', 'ip_addresses', 'addresses'], { required: true })),
);

export const winDnsClient: ModuleDef<ReturnType<typeof winDnsClientSchema>> = {
  name: 'win_dns_client',
  aliases: ['ansible.windows.win_dns_client'],
  description: 'Set the IPv4 DNS servers of network adapters (by connection name, wildcards, or `*`), in order; an empty list resets to DHCP.',
  get schema() {
    return winDnsClientSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'agent',
  get script() {
    return moduleScript(new URL('./win_dns_client.ps1', import.meta.url));
  },
  examples: `- name: Point the servers at the domain's DNS
  win_dns_client:
    adapter_names: '*'
    dns_servers:
      - 10.0.0.10
      - 10.0.0.11
`,
};
