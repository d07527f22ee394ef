/**
 * The Windows side of Invoke-WbHttpRequest (src/hostapi/windows/network.ps1) run in pwsh on this machine, where
 * System.Net.HttpWebRequest exists too, against a loopback server in a child process (the runner blocks this one):
 * a body returned as Content, a 2xx body written to OutFile byte for byte, a 404 answered as a response with
 * OutFile left alone, OutFile's missing folder as Win32 code 3, and MaximumRedirection 0 returning the redirect.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowsFacadeRunner } from '../../helpers/windows-facade-ps.ts';
import { loopbackAddress } from '../../helpers/addresses.ts';

const SERVER = `
const http = require('node:http');
const body = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256));
http.createServer((req, res) => {
  if (req.url === '/bin') return res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Last-Modified': 'Tue, 01 Dec 2026 10:00:00 GMT' }).end(body);
  if (req.url === '/text') return res.writeHead(200, { 'Content-Type': 'text/plain' }).end('hello ' + (req.headers['user-agent'] || ''));
  if (req.url === '/moved') return res.writeHead(302, { Location: '/text' }).end();
  res.writeHead(404).end('nope');
}).listen(0, process.argv[1], function () { console.log(this.address().port); });
`;

const runner = windowsFacadeRunner('network', { files: ['network.ps1'] });
let server: ChildProcess;
let base = '';

beforeAll(async () => {
  const address = loopbackAddress(204, 250);
  server = spawn(process.execPath, ['-e', SERVER, address], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => server.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  base = `http://${address}:${port}`;
});
afterAll(() => {
  server?.kill();
});

describe('network.ps1 Invoke-WbHttpRequest (the Windows side) in pwsh', () => {
  it('returns a body as Content, writes a 2xx body to OutFile, answers a 404 without writing, refuses a missing folder', async () => {
    const out = join(runner.dir, 'download.bin');
    const r = await runner.run(`@{
      text = Invoke-WbHttpRequest -Url '${base}/text' -Method GET -Headers @{ 'User-Agent' = 'ansible-httpget' }
      file = Invoke-WbHttpRequest -Url '${base}/bin' -Method GET -OutFile '${out}'
      missing = Invoke-WbHttpRequest -Url '${base}/none' -Method GET -OutFile '${join(runner.dir, 'none.bin')}'
      noFolder = $(try { Invoke-WbHttpRequest -Url '${base}/bin' -Method GET -OutFile '${join(runner.dir, 'no', 'x.bin')}' } catch { Code $_ })
      redirect = Invoke-WbHttpRequest -Url '${base}/moved' -Method GET -MaximumRedirection 0
      followed = Invoke-WbHttpRequest -Url '${base}/moved' -Method HEAD -UseProxy $false
    }`);
    expect(r).toMatchObject({
      text: { StatusCode: 200, Content: 'hello ansible-httpget' },
      file: { StatusCode: 200, Content: '', Headers: { 'Last-Modified': 'Tue, 01 Dec 2026 10:00:00 GMT' } },
      missing: { StatusCode: 404, Content: 'nope' },
      noFolder: 3,
      redirect: { StatusCode: 302 },
      followed: { StatusCode: 200 },
    });
    expect(readFileSync(out).equals(Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256)))).toBe(true);
    expect(existsSync(join(runner.dir, 'none.bin'))).toBe(false);
  });
});
