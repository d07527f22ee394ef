/**
 * The WS-Man level switches of FaultInjector (types.ts): a fault of a given kind on demand, and a reply whose
 * RelatesTo names another message. Each fires as many times as asked and then switches itself off.
 */
import { buildFault } from '../../transport/winrm/wsman/server.ts';
import type { WsmanRequest } from '../../transport/winrm/wsman/server-types.ts';
import type { Reply } from './dispatch.ts';
import type { FaultInjector } from './types.ts';

/** A stranger's MessageID: what a proxy mixing up two clients' replies would hand us. */
const OTHER_MESSAGE = 'uuid:0BADF00D-0000-4000-8000-000000000000';

export function injectedFault(faults: FaultInjector, req: WsmanRequest, machine: string): Reply | undefined {
  const f = faults.wsmanFault;
  if (!f || (f.action !== undefined && f.action !== req.action)) return undefined;
  const left = (f.count ?? 1) - 1;
  faults.wsmanFault = left > 0 ? { ...f, count: left } : undefined;
  const shellId = 'shellId' in req ? req.shellId : undefined;
  const xml = buildFault({ messageId: req.messageId ?? '', machine, kind: f.kind, shellId, limit: f.limit ?? 1 });
  return { status: 500, xml };
}

export function mismatchRelatesTo(faults: FaultInjector, reply: Reply): Reply {
  if ((faults.wrongRelatesToNext ?? 0) <= 0) return reply;
  faults.wrongRelatesToNext = (faults.wrongRelatesToNext ?? 0) - 1;
  return { ...reply, xml: reply.xml.replace(/<a:RelatesTo>[^<]*<\/a:RelatesTo>/, `<a:RelatesTo>${OTHER_MESSAGE}</a:RelatesTo>`) };
}
