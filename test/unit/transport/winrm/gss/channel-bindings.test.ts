import { X509Certificate, createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { generate } from 'selfsigned';
import {
  certificateBindingHash, channelBindingsHash, channelBindingsStruct, tlsServerEndPoint,
} from '../../../../../src/transport/winrm/gss/channel-bindings.ts';

async function certDer(algorithm: 'sha1' | 'sha256' | 'sha384' | 'sha512'): Promise<Buffer> {
  const pems = await generate([{ name: 'commonName', value: 'central01' }], { algorithm, keySize: 2048 });
  return Buffer.from(new X509Certificate(pems.cert).raw);
}

describe('tls-server-end-point channel binding (RFC 5929 4)', () => {
  it('hashes with the signature hash, SHA-256 in place of SHA-1', async () => {
    expect(certificateBindingHash(await certDer('sha1'))).toBe('sha256');
    expect(certificateBindingHash(await certDer('sha256'))).toBe('sha256');
    expect(certificateBindingHash(await certDer('sha384'))).toBe('sha384');
    expect(certificateBindingHash(await certDer('sha512'))).toBe('sha512');
  });

  it('builds the application data and the gss_channel_bindings_struct whose MD5 NTLM and Kerberos carry', async () => {
    const der = await certDer('sha384');
    const cb = tlsServerEndPoint(der);
    const expected = Buffer.concat([Buffer.from('tls-server-end-point:'), createHash('sha384').update(der).digest()]);
    expect(cb.applicationData.equals(expected)).toBe(true);
    const struct = channelBindingsStruct(cb);
    expect(struct.subarray(0, 16).equals(Buffer.alloc(16))).toBe(true);
    expect(struct.readUInt32LE(16)).toBe(expected.length);
    expect(channelBindingsHash(cb).equals(createHash('md5').update(struct).digest())).toBe(true);
  });
});
