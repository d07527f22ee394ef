/**
 * win_get_url (issue 14) through the real client (NTLM, sealed WinRM, the persistent agent) against a simulated host
 * whose network routes `files.example.test` to a real HTTP server this test starts on loopback: the module's own
 * PowerShell downloads through Invoke-WbHttpRequest -OutFile, and its texts and RETURN values are ansible.windows
 * 1.14's (check → apply → reapply, checksum, checksum_url, a 404, a folder as dest, force: false with HEAD and
 * Last-Modified, Basic authentication with the password kept out of every output).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.ts';
import { getNode, makeDirectory } from '../../src/sim/host/fs.ts';
import { addHttpRoute } from '../../src/sim/host/http-routes.ts';
import { loopbackAddress } from '../helpers/addresses.ts';
import { useModuleHost } from '../helpers/module-host.ts';

const BLOCK = 187;
const PAYLOAD = randomBytes(70_000);
const SHA1 = createHash('sha1').update(PAYLOAD).digest('hex');
const SHA256 = createHash('sha256').update(PAYLOAD).digest('hex');
const LAST_MODIFIED = 'Tue, 01 Dec 2026 10:00:00 GMT';
const PASSWORD = 'Dl-S3cret!pass';

describe('win_get_url over WinRM against the simulator, downloading from a real loopback server', () => {
  const mh = useModuleHost(BLOCK);
  const { task, host } = mh;
  const seen: Array<{ method: string; url: string; agent: string | undefined; auth: string | undefined }> = [];
  let server: Server;
  let base: string;
  const actor = () => ({ account: 'Administrator', log: mh.site().log });
  const content = (p: string) => Buffer.from(getNode(host().state, p)?.content ?? '', 'base64');

  function serve(req: IncomingMessage, res: ServerResponse): void {
    seen.push({ method: req.method ?? '', url: req.url ?? '', agent: req.headers['user-agent'], auth: req.headers.authorization });
    const send = (status: number, body: Buffer | string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    switch (req.url) {
      case '/pkg/app.zip': return send(200, PAYLOAD, { 'Content-Type': 'application/zip', 'Last-Modified': LAST_MODIFIED });
      case '/pkg/SHA256SUMS': return send(200, `0000  other.zip\n${SHA256}  app.zip\n`);
      case '/pkg/WRONGSUMS': return send(200, `${'ab'.repeat(32)}  ./app.zip\n`);
      case '/old/app.zip': return send(302, '', { Location: '/pkg/app.zip' });
      case '/auth/app.zip':
        if (req.headers.authorization === 'Basic ' + Buffer.from(`reader:${PASSWORD}`).toString('base64')) return send(200, PAYLOAD);
        return send(401, 'no', { 'WWW-Authenticate': 'Basic realm="files"' });
      case '/': return send(200, 'index');
      default: return send(404, 'not here');
    }
  }

  beforeAll(async () => {
    server = createServer(serve);
    const address = loopbackAddress(BLOCK, 250);
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    const port = (server.address() as AddressInfo).port;
    addHttpRoute(host().state, 'files.example.test', address);
    base = `http://files.example.test:${port}`;
    makeDirectory(host().state, 'C:\\Downloads', actor());
    makeDirectory(host().state, 'C:\\Moved', actor());
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('downloads (check, apply), then a reapply downloads again and changes nothing; RETURN values as 1.14', async () => {
    const dest = 'C:\\Downloads\\app.zip';
    const args = { url: `${base}/pkg/app.zip`, dest };
    // Check mode: 1.14 downloads into its temporary folder to compare checksums, so the only trace is that folder,
    // created and removed again; the host is otherwise as it was.
    const untouched = mh.fingerprint();
    const check = await task('win_get_url', args, { check: true });
    const [stateBefore, logBefore] = JSON.parse(untouched) as [unknown, Array<{ target: string }>];
    const [stateAfter, logAfter] = JSON.parse(mh.fingerprint()) as [unknown, Array<{ target: string }>];
    expect(stateAfter).toEqual(stateBefore);
    expect(logAfter.slice(logBefore.length).every((e) => e.target.startsWith('C:\\Users\\Administrator\\AppData\\Local\\Temp\\ansible-moduletmp-'))).toBe(true);
    expect(getNode(host().state, dest)).toBeUndefined();
    const apply = await task('win_get_url', args);
    const reapply = await task('win_get_url', args);
    expect(check).toMatchObject({ changed: true, dest, url: args.url, status_code: 200, msg: 'OK', checksum_src: SHA1 });
    expect(check).not.toHaveProperty('checksum_dest');
    expect(apply).toMatchObject({ changed: true, dest, status_code: 200, msg: 'OK', checksum_src: SHA1, checksum_dest: SHA1, size: PAYLOAD.length });
    expect(typeof apply.elapsed).toBe('number');
    expect(reapply).toMatchObject({ changed: false, checksum_src: SHA1, checksum_dest: SHA1, size: PAYLOAD.length });
    expect(content(dest).equals(PAYLOAD)).toBe(true);
    // Every run was a GET (1.14 downloads to a temporary file even in check mode), with the default User-Agent.
    expect(seen.filter((r) => r.url === '/pkg/app.zip').map((r) => [r.method, r.agent])).toEqual([['GET', 'ansible-httpget'], ['GET', 'ansible-httpget'], ['GET', 'ansible-httpget']]);
    // The temporary folder is gone.
    expect(Object.keys((JSON.parse(mh.fingerprint())[0] as { fs: { nodes: Record<string, unknown> } }).fs.nodes).filter((k) => k.includes('ansible-moduletmp-'))).toEqual([]);
  });

  it('names the file after the URL when dest is a folder, follows a redirect, and checks a sha256 from checksum_url', async () => {
    const r = await task('win_get_url', { url: `${base}/pkg/app.zip`, dest: 'C:\\Downloads\\', checksum_url: `${base}/pkg/SHA256SUMS`, checksum_algorithm: 'sha256' });
    expect(r).toMatchObject({ changed: false, dest: 'C:\\Downloads\\app.zip', checksum_src: SHA256, checksum_dest: SHA256 });
    const moved = await task('win_get_url', { url: `${base}/old/app.zip`, dest: '%SystemDrive%\\Moved' });
    expect(moved).toMatchObject({ changed: true, dest: 'C:\\Moved\\app.zip', status_code: 200, checksum_dest: SHA1 });
    expect(content('C:\\Moved\\app.zip').equals(PAYLOAD)).toBe(true);
    const hostNamed = await task('win_get_url', { url: `${base}/`, dest: 'C:\\Downloads' });
    expect(hostNamed).toMatchObject({ changed: true, dest: 'C:\\Downloads\\files.example.test' });
  });

  it('fails a checksum mismatch with 1.14\'s text and leaves no file; a checksum record missing from checksum_url', async () => {
    const before = mh.fingerprint();
    const wrong = 'ab'.repeat(20);
    const r = await task('win_get_url', { url: `${base}/pkg/app.zip`, dest: 'C:\\Downloads\\other.zip', checksum: wrong.toUpperCase() });
    expect(r).toMatchObject({ failed: true, msg: `The checksum for ${base}/pkg/app.zip did not match '${wrong}', it was '${SHA1}'`, checksum_src: SHA1 });
    expect(getNode(host().state, 'C:\\Downloads\\other.zip')).toBeUndefined();
    expect(JSON.stringify(JSON.parse(mh.fingerprint())[0])).toBe(JSON.stringify(JSON.parse(before)[0]));
    const bad = await task('win_get_url', { url: `${base}/pkg/app.zip`, dest: 'C:\\Downloads\\other.zip', checksum_url: `${base}/pkg/WRONGSUMS`, checksum_algorithm: 'sha256' });
    expect(bad).toMatchObject({ failed: true, msg: `The checksum for ${base}/pkg/app.zip did not match '${'ab'.repeat(32)}', it was '${SHA256}'` });
    const none = await task('win_get_url', { url: `${base}/pkg/app.zip`, dest: 'C:\\Downloads\\other.zip', checksum_url: `${base}/pkg/none` });
    expect(none).toMatchObject({ failed: true, msg: `Error when getting the remote checksum from '${base}/pkg/none'. The remote server returned an error: (404) Not Found.` });
  });

  it("fails a 404 with 1.14's text and status_code, a missing folder and an unreachable name in Windows' words", async () => {
    const r = await task('win_get_url', { url: `${base}/nothing.zip`, dest: 'C:\\Downloads\\nothing.zip' });
    expect(r).toMatchObject({ failed: true, status_code: 404, msg: `Error downloading '${base}/nothing.zip' to 'C:\\Downloads\\nothing.zip': The remote server returned an error: (404) Not Found.` });
    expect(getNode(host().state, 'C:\\Downloads\\nothing.zip')).toBeUndefined();
    expect(await task('win_get_url', { url: `${base}/pkg/app.zip`, dest: 'C:\\NoSuch\\app.zip' })).toMatchObject({
      failed: true, msg: "The path 'C:\\NoSuch' does not exist for destination 'C:\\NoSuch\\app.zip', or is not visible to the current user. Ensure download destination folder exists (perhaps using win_file state=directory) before win_get_url runs.",
    });
    expect(await task('win_get_url', { url: `${base}/pkg/app.zip`, dest: 'C:\\NoSuch\\' })).toMatchObject({
      failed: true, msg: "The destination path 'C:\\NoSuch\\' does not exist, or is not visible to the current user. Ensure download destination folder exists (perhaps using win_file state=directory) before win_get_url runs.",
    });
    expect(await task('win_get_url', { url: 'http://elsewhere.example.test/app.zip', dest: 'C:\\Downloads\\x.zip' })).toMatchObject({
      failed: true, msg: "Error downloading 'http://elsewhere.example.test/app.zip' to 'C:\\Downloads\\x.zip': Unable to connect to the remote server",
    });
  });

  it('force: false sends HEAD and downloads only when Last-Modified is newer than dest', async () => {
    const dest = 'C:\\Downloads\\lazy.zip';
    const first = await task('win_get_url', { url: `${base}/pkg/app.zip`, dest, force: false });
    expect(first).toMatchObject({ changed: true, checksum_dest: SHA1 });
    const n = seen.length;
    const again = await task('win_get_url', { url: `${base}/pkg/app.zip`, dest, force: 'no' });
    expect(again).toMatchObject({ changed: false, status_code: 200, msg: 'OK', checksum_dest: SHA1, size: PAYLOAD.length });
    expect(seen.slice(n).map((r) => r.method)).toEqual(['HEAD']);
  });

  it('authenticates with Basic after the 401 (or at once with force_basic_auth); the password is in no result or log', async () => {
    const r = await task('win_get_url', { url: `${base}/auth/app.zip`, dest: 'C:\\Downloads\\auth.zip', url_username: 'reader', url_password: PASSWORD });
    expect(r).toMatchObject({ changed: true, checksum_dest: SHA1 });
    const n = seen.length;
    await task('win_get_url', { url: `${base}/auth/app.zip`, dest: 'C:\\Downloads\\auth.zip', username: 'reader', password: PASSWORD, force_basic_auth: true, http_agent: 'winbook-test' });
    expect(seen.slice(n).map((x) => [x.method, Boolean(x.auth), x.agent])).toEqual([['GET', true, 'winbook-test']]);
    const denied = await task('win_get_url', { url: `${base}/auth/app.zip`, dest: 'C:\\Downloads\\auth2.zip', url_username: 'reader', url_password: 'wrong' });
    expect(denied).toMatchObject({ failed: true, status_code: 401, msg: expect.stringContaining('(401) Unauthorized.') });
    const everything = JSON.stringify([r, denied, mh.site().log.entries()]);
    expect(everything).not.toContain(PASSWORD);
  });

  it('converts and checks arguments as 1.14 does, and refuses at validation what winbook cannot do', () => {
    const schema = findModule('ansible.windows.win_get_url')!.schema;
    const issue = (a: Record<string, unknown>) => schema.safeParse(a).error?.issues[0]?.message;
    expect(issue({ url: 'ftp://x/y', dest: 'C:\\y' })).toMatch(/http:\/\/ and https:\/\/ URLs only/);
    expect(issue({ url: 'http://x/y', dest: 'C:\\y', proxy_url: 'http://proxy:3128' })).toMatch(/proxy_url is not supported by winbook/);
    expect(issue({ url: 'http://x/y', dest: 'C:\\y', checksum: 'ab', checksum_url: 'http://x/s' })).toBe('parameters are mutually exclusive: checksum|checksum_url');
    expect(issue({ url: 'http://x/y', dest: 'C:\\y', url_password: 'a', password: 'b' })).toMatch(/mutually exclusive: url_password\|password/);
    expect(issue({ url: 'http://x/y', dest: 'C:\\y', checksum_algorithm: 'crc32' })).toBeDefined();
  });
});
