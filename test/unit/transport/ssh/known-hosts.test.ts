import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint, hostToken, keyTypeOf, knownHostsLine, parseKnownHosts, verifyHostKey } from '../../../../src/transport/ssh/known-hosts.ts';

/** A fake key blob with the type name inside, as SSH encodes it (uint32 length, name, key bytes). */
function blob(type: string, fill: number): Buffer {
  const name = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  return Buffer.concat([len, name, Buffer.alloc(32, fill)]);
}

const ED = blob('ssh-ed25519', 1);
const ED_OTHER = blob('ssh-ed25519', 2);
const RSA = blob('ssh-rsa', 3);

describe('known_hosts', () => {
  it('names port 22 hosts plainly and other ports in brackets, as ssh writes them', () => {
    expect(hostToken('10.0.0.5', 22)).toBe('10.0.0.5');
    expect(hostToken('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
    expect(knownHostsLine('h', 2222, 'ssh-ed25519', ED)).toBe(`[h]:2222 ssh-ed25519 ${ED.toString('base64')}`);
  });

  it('reads the key type from the blob and prints fingerprints as ssh-keygen does', () => {
    expect(keyTypeOf(ED)).toBe('ssh-ed25519');
    expect(fingerprint(ED)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('matches a listed key, skipping comments, markers and blank lines', () => {
    const text = `# comment\n\n@revoked h ssh-ed25519 ${ED_OTHER.toString('base64')}\nother,h ssh-ed25519 ${ED.toString('base64')}\n`;
    expect(verifyHostKey(parseKnownHosts(text), 'h', 22, ED)).toEqual({ status: 'match' });
  });

  it('calls a host unknown when no line names it, or only on another port', () => {
    const entries = parseKnownHosts(`h ssh-ed25519 ${ED.toString('base64')}\n`);
    expect(verifyHostKey(entries, 'g', 22, ED)).toEqual({ status: 'unknown' });
    expect(verifyHostKey(entries, 'h', 2222, ED)).toEqual({ status: 'unknown' });
  });

  it('reports a changed key of the same type with the line that holds the old one', () => {
    const entries = parseKnownHosts(`x ssh-rsa ${RSA.toString('base64')}\n[h]:2222 ssh-ed25519 ${ED.toString('base64')}\n`);
    expect(verifyHostKey(entries, 'h', 2222, ED_OTHER)).toEqual({ status: 'changed', line: 2 });
  });

  it('treats a key of another type as unknown, not changed (ssh then asks, it does not warn of an attack)', () => {
    const entries = parseKnownHosts(`h ssh-rsa ${RSA.toString('base64')}\n`);
    expect(verifyHostKey(entries, 'h', 22, ED)).toEqual({ status: 'unknown' });
  });

  it('matches hashed entries (HashKnownHosts yes)', () => {
    const salt = Buffer.alloc(20, 7);
    const hash = createHmac('sha1', salt).update('[h]:2222').digest('base64');
    const entries = parseKnownHosts(`|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${ED.toString('base64')}\n`);
    expect(verifyHostKey(entries, 'h', 2222, ED)).toEqual({ status: 'match' });
    expect(verifyHostKey(entries, 'h', 22, ED)).toEqual({ status: 'unknown' });
  });

  it('honours wildcards and negated patterns', () => {
    const entries = parseKnownHosts(`*.lab,!bad.lab ssh-ed25519 ${ED.toString('base64')}\n`);
    expect(verifyHostKey(entries, 'win01.lab', 22, ED)).toEqual({ status: 'match' });
    expect(verifyHostKey(entries, 'bad.lab', 22, ED)).toEqual({ status: 'unknown' });
  });
});
