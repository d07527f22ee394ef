import { describe, it, expect } from 'vitest';
import { NtlmClient } from '../../../../../src/transport/winrm/ntlm/client.ts';
import { NtlmServer } from '../../../../../src/transport/winrm/ntlm/server.ts';
import { AvId, MIC_OFFSET, decodeChallenge } from '../../../../../src/transport/winrm/ntlm/messages.ts';
import { NtlmError } from '../../../../../src/transport/winrm/ntlm/errors.ts';

const USERS: Record<string, string> = { 'CENTRAL01\\admin': 'S3cret!', '\\localuser': 'pässwörd' };

function newServer(): NtlmServer {
  return new NtlmServer({
    computerName: 'CENTRAL01',
    domainName: 'CENTRAL01',
    lookupPassword: (user, domain) => USERS[`${domain}\\${user}`],
  });
}

function handshake(username: string, password: string, server = newServer()) {
  const client = new NtlmClient({ username, password }, { targetName: 'HTTP/central01' });
  const challenge = server.challenge(client.negotiate());
  const result = server.accept(client.authenticate(challenge));
  return { client, server, result };
}

describe('NTLM client ↔ server', () => {
  it('authenticates and exchanges sealed messages both ways', () => {
    const { client, result } = handshake('CENTRAL01\\admin', 'S3cret!');
    expect(result).toMatchObject({ username: 'admin', domain: 'CENTRAL01' });
    for (let i = 0; i < 5; i++) {
      const up = Buffer.from(`<request n="${i}"/>`);
      const w = client.security.wrap(up);
      expect(w.sealed.equals(up)).toBe(false);
      expect(result.security.unwrap(w.sealed, w.signature).equals(up)).toBe(true);
      const down = Buffer.from(`<reply n="${i}">${'x'.repeat(i * 100)}</reply>`);
      const r = result.security.wrap(down);
      expect(client.security.unwrap(r.sealed, r.signature).equals(down)).toBe(true);
    }
  });

  it('works for a local account with an empty domain and a non-ASCII password', () => {
    expect(handshake('localuser', 'pässwörd').result.username).toBe('localuser');
  });

  it('sends a Windows-like CHALLENGE: AV pairs 2,1,4,3,5,7 and TARGET_INFO', () => {
    const c = decodeChallenge(newServer().challenge(new NtlmClient({ username: 'a', password: 'b' }).negotiate()));
    expect(c.targetInfo.map((p) => p.id)).toEqual([2, 1, 4, 3, 5, 7]);
    expect(c.targetName).toBe('CENTRAL01');
    expect(c.flags >>> 0).toBe(0xe28a8235);
    expect(c.targetInfo.find((p) => p.id === AvId.TIMESTAMP)?.value).toHaveLength(8);
  });

  it('rejects a wrong password', () => {
    expect(() => handshake('CENTRAL01\\admin', 'wrong')).toThrow(/wrong password/);
  });

  it('rejects an unknown user', () => {
    expect(() => handshake('CENTRAL01\\nobody', 'S3cret!')).toThrow(/unknown user/);
  });

  it('rejects a tampered MIC', () => {
    const server = newServer();
    const client = new NtlmClient({ username: 'CENTRAL01\\admin', password: 'S3cret!' });
    const auth = client.authenticate(server.challenge(client.negotiate()));
    auth[MIC_OFFSET] = (auth[MIC_OFFSET] ?? 0) ^ 0xff;
    expect(() => server.accept(auth)).toThrow(/MIC mismatch/);
  });

  it('rejects a handshake whose CHALLENGE was altered in transit (MIC covers it)', () => {
    const server = newServer();
    const client = new NtlmClient({ username: 'CENTRAL01\\admin', password: 'S3cret!' });
    const challenge = server.challenge(client.negotiate());
    const altered = Buffer.from(challenge);
    altered[32] = 1; // a reserved byte: the client does not care, the MIC does
    expect(() => server.accept(client.authenticate(altered))).toThrow(NtlmError);
  });

  it('rejects a tampered sealed message and a replayed sequence number', () => {
    const { client, result } = handshake('CENTRAL01\\admin', 'S3cret!');
    const m = client.security.wrap(Buffer.from('first'));
    const tampered = Buffer.from(m.sealed);
    tampered[1] = (tampered[1] ?? 0) ^ 0x01;
    expect(() => result.security.unwrap(tampered, m.signature)).toThrow(/tampered/);

    const { client: c2, result: r2 } = handshake('CENTRAL01\\admin', 'S3cret!');
    const first = c2.security.wrap(Buffer.from('first'));
    expect(r2.security.unwrap(first.sealed, first.signature).toString()).toBe('first');
    expect(() => r2.security.unwrap(first.sealed, first.signature)).toThrow(/sequence number 0 where 1/);
  });

  it('accepts one AUTHENTICATE per CHALLENGE', () => {
    const server = newServer();
    const client = new NtlmClient({ username: 'CENTRAL01\\admin', password: 'S3cret!' });
    const auth = client.authenticate(server.challenge(client.negotiate()));
    server.accept(auth);
    expect(() => server.accept(auth)).toThrow(/before any CHALLENGE/);
  });
});
