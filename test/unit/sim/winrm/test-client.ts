/** The client side of the 401 dance and sealed messages, over one RawConnection, for listener tests. */
import { NtlmClient } from '../../../../src/transport/winrm/ntlm/client.ts';
import type { NtlmSecurityContext } from '../../../../src/transport/winrm/ntlm/types.ts';
import { decodeEncrypted, encodeEncrypted } from '../../../../src/transport/winrm/http/encryption.ts';
import type { WinrmListener } from '../../../../src/sim/winrm/server.ts';
import { RawConnection } from './raw-http.ts';
import type { RawResponse } from './raw-http.ts';

export const SOAP = 'application/soap+xml;charset=UTF-8';

export class SimWinrmClient {
  security?: NtlmSecurityContext;

  private constructor(
    readonly conn: RawConnection,
    private readonly host: string,
  ) {}

  static async open(l: WinrmListener): Promise<SimWinrmClient> {
    return new SimWinrmClient(await RawConnection.open(l.address, l.port), `${l.address}:${l.port}`);
  }

  /** NEGOTIATE then AUTHENTICATE on this connection; returns the last leg's response. */
  async login(username: string, password: string, body?: { data: string; contentType: string }): Promise<RawResponse> {
    const ntlm = new NtlmClient({ username, password });
    const headers = (token: Buffer) => ({
      Host: this.host,
      Authorization: `Negotiate ${token.toString('base64')}`,
      ...(body ? { 'Content-Type': body.contentType } : {}),
    });
    const first = await this.conn.request({ headers: headers(ntlm.negotiate()), body: body?.data });
    const challenge = /^Negotiate (\S+)$/.exec(first.headers['www-authenticate'] ?? '')?.[1];
    if (first.status !== 401 || !challenge) throw new Error(`expected a challenge, got ${first.statusLine}`);
    const last = await this.conn.request({
      headers: headers(ntlm.authenticate(Buffer.from(challenge, 'base64'))),
      body: body?.data,
    });
    if (last.status !== 401) this.security = ntlm.security;
    return last;
  }

  /** One sealed request and its unsealed reply. */
  async call(xml: string): Promise<{ status: number; xml: string; response: RawResponse }> {
    if (!this.security) throw new Error('not logged in');
    const sealed = encodeEncrypted(Buffer.from(xml, 'utf8'), this.security);
    const response = await this.conn.request({
      headers: { Host: this.host, 'Content-Type': sealed.contentType },
      body: sealed.body,
    });
    const ct = response.headers['content-type'] ?? '';
    const plain = response.body.length > 0 ? decodeEncrypted(response.body, ct, this.security) : response.body;
    return { status: response.status, xml: plain.toString('utf8'), response };
  }
}
