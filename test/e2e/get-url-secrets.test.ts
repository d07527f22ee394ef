/**
 * win_get_url's url_password never reaches anything winbook writes: the CLI downloads from a real loopback server
 * that demands Basic authentication (so the password was really sent), at -vvvv with --json and --junit, one task
 * failing with the password in its arguments; stdout, stderr, the journal, the reports and every file of the run
 * are grepped for it: zero hits.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addHttpRoute } from '../../src/sim/host/http-routes.ts';
import { makeDirectory } from '../../src/sim/host/fs.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { loopbackAddress, loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';
import { filesUnder } from '../helpers/files-under.ts';

const BLOCK = 199;
const PASSWORD = 'GetUrl-Pa55-c0ffee';

let site: SimSite;
let server: Server;
afterAll(async () => {
  await site?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('win_get_url secrets', () => {
  it('url_password appears nowhere in stdout, stderr, journal, JSON, JUnit or any run file', async () => {
    let authorized = 0;
    server = createServer((req, res) => {
      const ok = req.headers.authorization === 'Basic ' + Buffer.from(`reader:${PASSWORD}`).toString('base64');
      if (ok) authorized++;
      if (!ok) res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="files"' }).end();
      else if (req.url === '/app.zip') res.writeHead(200).end('payload');
      else res.writeHead(404).end();
    });
    const address = loopbackAddress(BLOCK, 250);
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    const port = (server.address() as AddressInfo).port;
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(BLOCK) });
    addHttpRoute(site.hosts[0]!.host.state, 'files.example.test', address);
    makeDirectory(site.hosts[0]!.host.state, 'C:\\Downloads', { account: 'Administrator', log: site.log });
    const dir = await mkdtemp(join(tmpdir(), 'winbook-get-url-secrets-'));
    await writeFile(join(dir, 'inventory.yml'), site.inventory());
    await writeFile(join(dir, 'play.yml'), `- hosts: windows
  gather_facts: false
  vars:
    base: http://files.example.test:${port}
    reader_password: ${PASSWORD}
  tasks:
    - name: Download with credentials
      win_get_url:
        url: "{{ base }}/app.zip"
        dest: C:\\Downloads\\app.zip
        url_username: reader
        url_password: "{{ reader_password }}"
    - name: A download that fails
      ansible.windows.win_get_url:
        url: "{{ base }}/missing.zip"
        dest: C:\\Downloads\\
        username: reader
        password: "{{ reader_password }}"
        force_basic_auth: true
`);
    const r = await runCli(['run', join(dir, 'play.yml'), '-i', join(dir, 'inventory.yml'), '-vvvv', '--json', join(dir, 'run.json'), '--junit', join(dir, 'junit.xml')], { cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stdout).toContain("The remote server returned an error: (404) Not Found.");
    expect(authorized).toBe(2);
    const written = filesUnder(dir).filter((f) => !f.endsWith('play.yml') && !f.endsWith('inventory.yml'));
    expect(written.some((f) => f.endsWith('journal.jsonl'))).toBe(true);
    const texts = [r.stdout, r.stderr, ...(await Promise.all(written.map((f) => readFile(f, 'utf8')))), JSON.stringify(site.log.entries())];
    expect(texts.filter((t) => t.includes(PASSWORD)).length, 'password found').toBe(0);
  }, 120_000);
});
