/**
 * Recorded WinRM exchanges from real Windows hosts (pypsrp's tests/tests_pypsrp/responses, MIT; see the fixture
 * README): loading, a SoapChannel that replays them, and a structural view of SOAP envelopes for comparing our
 * messages with the recorded ones without caring about prefixes, ids or header order.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { PostOptions, SoapChannel, SoapReply } from '../../src/transport/winrm/channel.ts';
import { NS } from '../../src/transport/winrm/wsman/namespaces.ts';
import { attrCI, child, parseXml } from '../../src/transport/winrm/wsman/xml.ts';
import type { XmlElement } from '../../src/transport/winrm/wsman/xml.ts';

export interface RecordedMessage {
  request: string;
  response: string;
  /** HTTP status of the response: 500 where the recording has transport_error, else 200. */
  status: number;
}

const CANDIDATES = [
  process.env.WINBOOK_RECORDED_DIR,
  fileURLToPath(new URL('../fixtures/winrm-recorded/', import.meta.url)),
  fileURLToPath(new URL('../../../shared/fixtures/winrm-recorded/', import.meta.url)),
];

export function recordedDir(): string {
  const dir = CANDIDATES.find((d): d is string => d !== undefined && existsSync(d));
  if (!dir) throw new Error(`recorded WinRM fixtures not found in ${CANDIDATES.filter(Boolean).join(', ')}`);
  return dir;
}

/** Every recording, by file name without `.yml`. */
export function recordedNames(): string[] {
  return readdirSync(recordedDir())
    .filter((f) => f.startsWith('test_') && f.endsWith('.yml'))
    .map((f) => f.slice(0, -4))
    .sort();
}

export function loadRecorded(name: string): RecordedMessage[] {
  const doc = parseYaml(readFileSync(`${recordedDir()}/${name}.yml`, 'utf8')) as {
    messages: Array<{ request: string; response: string; transport_error?: { code?: number } }>;
  };
  return doc.messages.map((m) => ({
    request: m.request,
    response: m.response,
    status: m.transport_error?.code ?? 200,
  }));
}

/** The a:Action (last path segment) and a:MessageID of an envelope. */
export function actionOf(xml: string): { action: string; messageId: string } {
  const header = child(parseXml(xml), NS.s, 'Header');
  const action = child(header, NS.a, 'Action')?.text.trim() ?? '';
  return { action: action.slice(action.lastIndexOf('/') + 1), messageId: child(header, NS.a, 'MessageID')?.text.trim() ?? '' };
}

/** MessageIDs of the recorded requests without `uuid:`, to feed a RequestContext.newId so RelatesTo matches. */
export function recordedIds(messages: RecordedMessage[]): () => string {
  const ids = messages.map((m) => actionOf(m.request).messageId.replace(/^uuid:/, ''));
  return () => {
    const id = ids.shift();
    if (id === undefined) throw new Error('recorded exchange has no more requests');
    return id;
  };
}

/**
 * A SoapChannel that answers each post with the next recorded response, after checking that the request has the
 * recorded request's Action. `sent` keeps what was posted.
 */
export class ReplayChannel implements SoapChannel {
  readonly sent: string[] = [];
  private next = 0;
  closed = false;

  constructor(private readonly messages: RecordedMessage[]) {}

  get requests(): number {
    return this.sent.length;
  }

  get remaining(): number {
    return this.messages.length - this.next;
  }

  async post(envelope: string, _opts: PostOptions): Promise<SoapReply> {
    const m = this.messages[this.next++];
    if (!m) throw new Error(`unexpected request ${actionOf(envelope).action}: the recording has ended`);
    const want = actionOf(m.request).action;
    const got = actionOf(envelope).action;
    if (want !== got) throw new Error(`request ${this.next}: sent ${got}, the recording has ${want}`);
    this.sent.push(envelope);
    return { status: m.status, body: m.response };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A namespace-resolved element as plain data: `{ns}local`, attributes by local name, text, children. */
export interface Shape {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: Shape[];
}

const PREFIX_OF = new Map<string, string>(Object.entries(NS).map(([p, uri]) => [uri, p]));

export interface ShapeOptions {
  /** Element names (`a:MessageID`) whose text is replaced by `*`. */
  blankText?: string[];
  /** Attribute local names whose value is replaced by `*`. */
  blankAttrs?: string[];
  /** Element names left out entirely. */
  drop?: string[];
}

/** Ids and addresses differ per run; these are blanked by default (MessageID, RelatesTo, To, ShellId, CommandId). */
export const VOLATILE: Required<ShapeOptions> = {
  blankText: ['a:MessageID', 'a:RelatesTo', 'a:To', 'w:Selector', 'rsp:ShellId', 'rsp:CommandId'],
  blankAttrs: ['CommandId', 'ShellId'],
  drop: ['p:SessionId', 'p:ActivityId'],
};

export function shapeOf(el: XmlElement, o: ShapeOptions = VOLATILE): Shape {
  const name = `${PREFIX_OF.get(el.ns) ?? el.ns}:${el.local}`;
  const attrs: Record<string, string> = {};
  for (const k of Object.keys(el.attrs).sort()) attrs[k] = o.blankAttrs?.includes(k) ? '*' : (el.attrs[k] ?? '');
  return {
    name,
    attrs,
    text: o.blankText?.includes(name) ? '*' : el.text,
    children: el.children.filter((c) => !o.drop?.includes(`${PREFIX_OF.get(c.ns) ?? c.ns}:${c.local}`)).map((c) => shapeOf(c, o)),
  };
}

/**
 * A request's shape: header entries sorted by name (clients order them differently and Windows does not care),
 * the OptionSet as a name → lower-cased value map (clients differ in case and MustComply), and the body.
 */
export function requestShape(xml: string, o: ShapeOptions = VOLATILE): { header: Shape[]; options: Record<string, string>; body: Shape } {
  const root = parseXml(xml);
  const header = child(root, NS.s, 'Header');
  const options: Record<string, string> = {};
  for (const opt of child(header, NS.w, 'OptionSet')?.children ?? []) options[attrCI(opt, 'Name') ?? ''] = opt.text.trim().toLowerCase();
  const entries = (header?.children ?? [])
    .filter((c) => !(c.ns === NS.w && c.local === 'OptionSet'))
    .map((c) => shapeOf(c, o))
    .filter((s) => !o.drop?.includes(s.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { header: entries, options, body: shapeOf(child(root, NS.s, 'Body')!, o) };
}

/** A reply's whole shape, with the volatile values blanked. */
export function replyShape(xml: string, o: ShapeOptions = VOLATILE): Shape {
  return shapeOf(parseXml(xml), o);
}
