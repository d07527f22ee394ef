import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../../../src/errors.ts';
import { loadCaBundle, wirePolicy } from '../../../../src/transport/winrm/security-policy.ts';

const base = { host: 'win01', scheme: 'http', winrmTransport: 'ntlm', messageEncryption: 'auto', serverCertValidation: 'validate' } as const;

describe('wire policy from connection variables', () => {
  it.each([
    ['http', 'auto', true],
    ['https', 'auto', false],
    ['http', 'always', true],
    ['https', 'always', true],
    ['http', 'never', false],
    ['https', 'never', false],
  ] as const)('seals NTLM messages over %s with message_encryption=%s: %s (as pywinrm)', (scheme, messageEncryption, sealed) => {
    expect(wirePolicy({ ...base, scheme, messageEncryption }).encryption).toBe(sealed);
  });

  it('refuses Basic over HTTP unless message encryption is explicitly never, and then warns', () => {
    expect(() => wirePolicy({ ...base, winrmTransport: 'basic' })).toThrow(ConnectionError);
    expect(() => wirePolicy({ ...base, winrmTransport: 'basic' })).toThrow(/unencrypted/);
    const allowed = wirePolicy({ ...base, winrmTransport: 'basic', messageEncryption: 'never' });
    expect(allowed.encryption).toBe(false);
    expect(allowed.warnings).toHaveLength(1);
  });

  it('refuses message_encryption=always with Basic, which cannot seal', () => {
    expect(() => wirePolicy({ ...base, scheme: 'https', winrmTransport: 'basic', messageEncryption: 'always' })).toThrow(/cannot be met with Basic/);
  });

  it('validates certificates by default and warns when told to ignore them', () => {
    expect(wirePolicy({ ...base, scheme: 'https' })).toEqual({ encryption: false, warnings: [], tls: { rejectUnauthorized: true, ca: undefined } });
    const ignored = wirePolicy({ ...base, scheme: 'https', serverCertValidation: 'ignore' });
    expect(ignored.tls).toEqual({ rejectUnauthorized: false });
    expect(ignored.warnings[0]).toContain('ansible_winrm_server_cert_validation: ignore');
  });

  it('reads ansible_winrm_ca_trust_path as a PEM file or a directory of them, and names an unreadable one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-ca-'));
    await writeFile(join(dir, 'a.pem'), 'A');
    await writeFile(join(dir, 'b.crt'), 'B');
    await writeFile(join(dir, 'notes.txt'), 'no');
    expect(loadCaBundle('win01', join(dir, 'a.pem'))).toEqual(['A']);
    expect(loadCaBundle('win01', dir).sort()).toEqual(['A', 'B']);
    expect(() => loadCaBundle('win01', join(dir, 'missing.pem'))).toThrow(expect.objectContaining({ code: 'WINRM_CA_TRUST_PATH', host: 'win01' }));
  });
});
