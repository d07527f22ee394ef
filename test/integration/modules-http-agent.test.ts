/**
 * The User-Agent win_uri and win_get_url send (issue 14): ansible.windows 1.14 builds both requests with
 * WebRequest.psm1's Get-AnsibleWindowsWebRequest, whose `http_agent` defaults to `ansible-httpget`; a `headers`
 * User-Agent replaces that default, loses to an `http_agent` given otherwise (with 1.14's warning), and a
 * User-Agent header in another case is dropped (1.14 skips it in a case-insensitive switch, then looks it up in a
 * case-sensitive Dictionary). Each module's own PowerShell runs against a simulated host whose network routes
 * `agent.example.test` to a real loopback server, which records the header it received.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDirectory } from '../../src/sim/host/fs.ts';
import { addHttpRoute } from '../../src/sim/host/http-routes.ts';
import { loopbackAddress } from '../helpers/addresses.ts';
import { useModuleHost } from '../helpers/module-host.ts';

const BLOCK = 18;
const BOTH = "The 'User-Agent' header and the 'http_agent' was set, using the 'http_agent' for web request";

describe('the User-Agent of win_uri and win_get_url, as the server sees it', () => {
  const mh = useModuleHost(BLOCK);
  const { task, host } = mh;
  const agents: Array<string | undefined> = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      agents.push(req.headers['user-agent']);
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
    const address = loopbackAddress(BLOCK, 250);
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    addHttpRoute(host().state, 'agent.example.test', address);
    base = `http://agent.example.test:${(server.address() as AddressInfo).port}`;
    makeDirectory(host().state, 'C:\\Downloads', { account: 'Administrator', log: mh.site().log });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** Runs one task and returns the User-Agent of each request it made, and its result. */
  async function sent(module: string, args: Record<string, unknown>) {
    const from = agents.length;
    const r = await task(module, args);
    expect(r.failed ?? false, String(r.msg)).toBe(false);
    return { agents: agents.slice(from), result: r };
  }

  for (const module of ['win_uri', 'win_get_url']) {
    const args = (more: Record<string, unknown>) => ({ url: `${base}/x`, ...(module === 'win_get_url' ? { dest: 'C:\\Downloads\\x.txt' } : {}), ...more });

    it(`${module}: ansible-httpget by default, http_agent when given`, async () => {
      expect(await sent(module, args({}))).toMatchObject({ agents: ['ansible-httpget'] });
      expect(await sent(module, args({ http_agent: 'winbook-probe/1.0' }))).toMatchObject({ agents: ['winbook-probe/1.0'] });
    });

    it(`${module}: a User-Agent header replaces the default, loses to a given http_agent with 1.14's warning, and is dropped in another case`, async () => {
      const header = await sent(module, args({ headers: { 'User-Agent': 'from-header' } }));
      expect(header.agents).toEqual(['from-header']);
      expect(header.result.warnings).toBeUndefined();
      const both = await sent(module, args({ headers: { 'User-Agent': 'from-header' }, http_agent: 'from-option' }));
      expect(both.agents).toEqual(['from-option']);
      expect(both.result.warnings).toEqual([BOTH]);
      // -eq in 1.14: an http_agent equal to the default in another case still counts as the default.
      expect(await sent(module, args({ headers: { 'User-Agent': 'from-header' }, http_agent: 'Ansible-HttpGet' }))).toMatchObject({ agents: ['from-header'] });
      expect(await sent(module, args({ headers: { 'user-agent': 'lower' } }))).toMatchObject({ agents: ['ansible-httpget'] });
    });
  }
});
