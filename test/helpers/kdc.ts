/**
 * The KDC for tests is the simulator's own (src/sim/domain/kdc.ts: Debian's krb5kdc on loopback, a throwaway realm,
 * keytabs per service): re-exported here with `startGssPeer`, an independent GSS-API peer (MIT's libgssapi_krb5
 * through python3-gssapi) the interop tests check winbook's initiator and acceptor against.
 */
import { spawn } from 'node:child_process';
import { stopProcess } from '../../src/sim/domain/kdc.ts';

export { KADMIN_LOCAL, KDB5_UTIL, KINIT, KRB5KDC, startKdc, type Kdc, type KdcOptions, type KdcPrincipal } from '../../src/sim/domain/kdc.ts';

/**
 * An independent GSS-API peer: MIT's libgssapi_krb5 through python3-gssapi, driven over JSON lines so a test can
 * step a context and exchange messages with it. Initiators use KRB5CCNAME from `env`, acceptors KRB5_KTNAME.
 */
export interface GssPeer {
  call(op: Record<string, unknown>): Promise<Record<string, string | boolean | undefined>>;
  stop(): Promise<void>;
}

export const PYTHON = '/usr/bin/python3';

const GSS_PEER_PY = String.raw`
import base64, json, sys
import gssapi
from gssapi.raw import IOV, IOVBufferType, wrap_iov, unwrap_iov, ChannelBindings

b = lambda s: base64.b64decode(s) if s is not None else None
e = lambda x: base64.b64encode(x).decode() if x is not None else None
ctx = None
for line in sys.stdin:
    req = json.loads(line)
    op = req['op']
    try:
        cb = ChannelBindings(application_data=b(req['cb'])) if req.get('cb') else None
        if op == 'init':
            name = gssapi.Name(req['spn'], gssapi.NameType.kerberos_principal)
            flags = gssapi.RequirementFlag.mutual_authentication | gssapi.RequirementFlag.out_of_sequence_detection | gssapi.RequirementFlag.confidentiality | gssapi.RequirementFlag.integrity
            ctx = gssapi.SecurityContext(name=name, usage='initiate', flags=flags, channel_bindings=cb, mech=gssapi.MechType.kerberos)
            out = {'token': e(ctx.step())}
        elif op == 'accept':
            ctx = gssapi.SecurityContext(usage='accept', channel_bindings=cb)
            tok = ctx.step(b(req['token']))
            out = {'token': e(tok), 'complete': ctx.complete, 'initiator': str(ctx.initiator_name)}
        elif op == 'step':
            tok = ctx.step(b(req['token']))
            out = {'token': e(tok), 'complete': ctx.complete}
        elif op == 'wrap':
            out = {'data': e(ctx.wrap(b(req['data']), True).message)}
        elif op == 'wrap_iov':
            # What pyspnego's wrap_winrm does for Kerberos: header, data, padding buffers, sealed.
            iov = IOV(IOVBufferType.header, b(req['data']), IOVBufferType.padding, std_layout=False)
            wrap_iov(ctx, iov, confidential=True)
            out = {'header': e(iov[0].value), 'data': e(iov[1].value), 'padding': e(iov[2].value or b'')}
        elif op == 'unwrap':
            r = ctx.unwrap(b(req['data']))
            out = {'data': e(r.message), 'encrypted': r.encrypted}
        elif op == 'unwrap_iov':
            iov = IOV((IOVBufferType.header, False, b(req['header'])), b(req['data']), std_layout=False)
            unwrap_iov(ctx, iov)
            out = {'data': e(iov[1].value)}
        elif op == 'delegated':
            # Use the credentials the initiator delegated to reach another service, as a second hop would.
            creds = ctx.delegated_creds
            if creds is None:
                out = {'delegated': False}
            else:
                name = gssapi.Name(req['spn'], gssapi.NameType.kerberos_principal)
                hop = gssapi.SecurityContext(name=name, creds=creds, usage='initiate', mech=gssapi.MechType.kerberos)
                out = {'delegated': True, 'name': str(creds.name), 'token': e(hop.step())}
        elif op == 'get_mic':
            out = {'mic': e(ctx.get_signature(b(req['data'])))}
        elif op == 'verify_mic':
            ctx.verify_signature(b(req['data']), b(req['mic']))
            out = {'ok': True}
        else:
            out = {'error': 'unknown op ' + op}
    except Exception as ex:
        out = {'error': type(ex).__name__ + ': ' + str(ex)}
    print(json.dumps(out), flush=True)
`;

export function startGssPeer(env: Record<string, string>): GssPeer {
  const proc = spawn(PYTHON, ['-c', GSS_PEER_PY], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = '';
  let stderr = '';
  const waiting: ((line: string) => void)[] = [];
  proc.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      waiting.shift()?.(line);
    }
  });
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    call: (op) =>
      new Promise((resolve, reject) => {
        if (proc.exitCode !== null) reject(new Error(`gssapi peer exited:\n${stderr}`));
        waiting.push((line) => resolve(JSON.parse(line) as Record<string, string | boolean | undefined>));
        proc.stdin.write(JSON.stringify(op) + '\n');
      }),
    stop: () => stopProcess(proc),
  };
}
