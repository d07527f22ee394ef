import { afterEach, describe, expect, it } from 'vitest';
import { NtlmClient } from '../../../../src/transport/winrm/ntlm/client.ts';
import { buildCreateShell } from '../../../../src/transport/winrm/wsman/create-shell.ts';
import { RawConnection } from './raw-http.ts';
import { ADMIN, COMPUTER, PLAIN_USER, startSim } from './setup.ts';
import type { Sim } from './setup.ts';
import { SOAP, SimWinrmClient } from './test-client.ts';

const IDENTIFY =
  '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" ' +
  'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">' +
  '<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>';

let sim: Sim | undefined;
const open: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await sim?.listener.close();
  sim = undefined;
});

async function raw(s: Sim): Promise<RawConnection> {
  const c = await RawConnection.open(s.listener.address, s.listener.port);
  open.push(c);
  return c;
}
async function client(s: Sim): Promise<SimWinrmClient> {
  const c = await SimWinrmClient.open(s.listener);
  open.push(c.conn);
  return c;
}

describe('WinRM listener HTTP behaviour', () => {
  it('answers GET /wsman with 405, Allow: POST and an empty reason phrase, and closes', async () => {
    sim = await startSim(1);
    const c = await raw(sim);
    const r = await c.request({ method: 'GET' });
    expect(r.statusLine).toBe('HTTP/1.1 405 ');
    expect(r.headers.allow).toBe('POST');
    expect(r.headers.server).toBe('Microsoft-HTTPAPI/2.0');
    expect(r.headers['content-length']).toBe('0');
    expect(r.headers.connection).toBe('close');
  });

  it('answers an unauthenticated POST with 401, WWW-Authenticate: Negotiate (no NTLM) and Connection: close', async () => {
    sim = await startSim(1);
    const c = await raw(sim);
    const r = await c.request({});
    expect(r.statusLine).toBe('HTTP/1.1 401 ');
    expect(r.headers['www-authenticate']).toBe('Negotiate');
    expect(r.headers.connection).toBe('close');
    expect(r.headers['content-length']).toBe('0');
  });

  it('does not accept the NTLM scheme: Authorization: NTLM gets a fresh 401', async () => {
    sim = await startSim(1);
    const c = await raw(sim);
    const token = new NtlmClient(ADMIN).negotiate().toString('base64');
    const r = await c.request({ headers: { Authorization: `NTLM ${token}` } });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBe('Negotiate');
  });

  it('completes the 401 dance on one connection and answers the empty POST with 200 and an empty body', async () => {
    sim = await startSim(1);
    const c = await client(sim);
    const r = await c.login(ADMIN.username, ADMIN.password);
    expect(r.statusLine).toBe('HTTP/1.1 200 ');
    expect(r.body.length).toBe(0);
    expect(r.headers['content-length']).toBe('0');
    expect(c.conn.closed).toBe(false);
  });

  it.each([`${COMPUTER}\\administrator`, '.\\ADMINISTRATOR', `administrator@${COMPUTER.toLowerCase()}`])(
    'accepts the user name form %s',
    async (username) => {
      sim = await startSim(1);
      const c = await client(sim);
      expect((await c.login(username, ADMIN.password)).status).toBe(200);
    },
  );

  it('rejects a wrong password, an unknown user and another domain with 401', async () => {
    sim = await startSim(1);
    for (const [u, p] of [
      [ADMIN.username, 'nope'],
      ['mallory', ADMIN.password],
      ['OTHERDOM\\administrator', ADMIN.password],
    ] as const) {
      const c = await client(sim);
      const r = await c.login(u, p);
      expect(r.statusLine).toBe('HTTP/1.1 401 ');
      expect(r.headers['www-authenticate']).toBe('Negotiate');
    }
  });

  it('authenticates a non-administrator but still answers 401 (RootSDDL)', async () => {
    sim = await startSim(1);
    const c = await client(sim);
    expect((await c.login(PLAIN_USER.username, PLAIN_USER.password)).status).toBe(401);
  });

  it('fails every logon while the wrongPassword fault is on', async () => {
    const faults = { wrongPassword: true };
    sim = await startSim(1, { faults });
    expect((await (await client(sim)).login(ADMIN.username, ADMIN.password)).status).toBe(401);
    faults.wrongPassword = false;
    expect((await (await client(sim)).login(ADMIN.username, ADMIN.password)).status).toBe(200);
  });

  it('answers a plaintext body on the auth leg with 401 (pywinrm message_encryption=never)', async () => {
    sim = await startSim(1);
    const c = await client(sim);
    const msg = buildCreateShell({ to: sim.listener.url, operationTimeoutSec: 20 });
    const r = await c.login(ADMIN.username, ADMIN.password, { data: msg.xml, contentType: SOAP });
    expect(r.status).toBe(401);
    expect(sim.listener.actions.create).toBeUndefined();
  });

  it('answers plaintext on an authenticated connection with 500 and an empty body', async () => {
    sim = await startSim(1);
    const c = await client(sim);
    await c.login(ADMIN.username, ADMIN.password);
    const msg = buildCreateShell({ to: sim.listener.url, operationTimeoutSec: 20 });
    const r = await c.conn.request({ headers: { 'Content-Type': SOAP }, body: msg.xml });
    expect(r.statusLine).toBe('HTTP/1.1 500 ');
    expect(r.body.length).toBe(0);
  });

  it('processes plaintext when allowUnencrypted is set', async () => {
    sim = await startSim(1, { allowUnencrypted: true });
    const c = await client(sim);
    const msg = buildCreateShell({ to: sim.listener.url, operationTimeoutSec: 20 });
    const r = await c.login(ADMIN.username, ADMIN.password, { data: msg.xml, contentType: SOAP });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(SOAP);
    expect(r.body.toString()).toContain('ResourceCreated');
  });

  it('keeps authentication per TCP connection: a new connection starts at 401', async () => {
    sim = await startSim(1);
    const c = await client(sim);
    await c.login(ADMIN.username, ADMIN.password);
    const other = await raw(sim);
    expect((await other.request({ headers: { 'Content-Type': SOAP }, body: IDENTIFY })).status).toBe(401);
  });

  it('answers Identify without credentials when WSMANIDENTIFY: unauthenticated is set', async () => {
    sim = await startSim(1);
    const c = await raw(sim);
    const r = await c.request({ headers: { WSMANIDENTIFY: 'unauthenticated', 'Content-Type': SOAP }, body: IDENTIFY });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toContain('IdentifyResponse');
  });

  it('answers 413 to a body larger than MaxEnvelopeSizekb', async () => {
    sim = await startSim(1, { maxEnvelopeKb: 150 });
    const c = await client(sim);
    await c.login(ADMIN.username, ADMIN.password);
    const big = `<x>${'a'.repeat(150 * 1024)}</x>`;
    expect((await c.call(big)).status).toBe(413);
    const plain = await raw(sim);
    expect((await plain.request({ body: 'a'.repeat(200 * 1024) })).status).toBe(413);
  });

  it('counts every HTTP request, auth legs included, and each WS-Man action', async () => {
    const seen: string[] = [];
    sim = await startSim(1, { onRequest: (i) => seen.push(i.action) });
    const first = await raw(sim);
    await first.request({});
    const c = await client(sim);
    await c.login(ADMIN.username, ADMIN.password);
    await c.call(buildCreateShell({ to: sim.listener.url, operationTimeoutSec: 20 }).xml);
    expect(sim.listener.requests).toBe(4);
    expect(sim.listener.actions).toEqual({ create: 1 });
    expect(seen).toEqual(['create']);
  });

  it('adds latencyMs before each response', async () => {
    sim = await startSim(1, { latencyMs: 150 });
    const c = await raw(sim);
    const t0 = Date.now();
    await c.request({});
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });
});
