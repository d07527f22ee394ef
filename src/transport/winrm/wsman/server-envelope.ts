/** Reply envelopes in Windows' own style (reference §3 "Reply header from Windows", recorded replies). */
import { randomUUID } from 'node:crypto';
import { ANONYMOUS, NS } from './namespaces.ts';
import { escapeText } from './xml.ts';

/** Root declarations Windows puts on replies (`s a x w rsp p`) and on faults (`s a x e n w p`). */
const REPLY_NS = ['s', 'a', 'x', 'w', 'rsp', 'p'] as const;
const FAULT_NS = ['s', 'a', 'x', 'e', 'n', 'w', 'p'] as const;

export function windowsMessageId(): string {
  return `uuid:${randomUUID().toUpperCase()}`;
}

export function replyEnvelope(o: { action: string; relatesTo: string; body: string; fault?: boolean }): string {
  const decls = (o.fault ? FAULT_NS : REPLY_NS).map((p) => ` xmlns:${p}="${NS[p]}"`).join('');
  return (
    `<s:Envelope xml:lang="en-US"${decls}><s:Header>` +
    `<a:Action>${escapeText(o.action)}</a:Action>` +
    `<a:MessageID>${windowsMessageId()}</a:MessageID>` +
    `<a:To>${ANONYMOUS}</a:To>` +
    `<a:RelatesTo>${escapeText(o.relatesTo)}</a:RelatesTo>` +
    `</s:Header>${o.body === '' ? '<s:Body></s:Body>' : `<s:Body>${o.body}</s:Body>`}</s:Envelope>`
  );
}
