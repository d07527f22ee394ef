/**
 * The lean reply path (issue 16): the scanner must build exactly the tree the general parser (fast-xml-parser,
 * validator, conversion) builds, on every recorded real-Windows reply and on hand-made variants, and give up on
 * anything outside its subset so the general parser decides — behaviour never changes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseCommandResponse } from '../../../../../src/transport/winrm/wsman/command.ts';
import { parseCreateShellResponse } from '../../../../../src/transport/winrm/wsman/create-shell.ts';
import { faultFromTree, isTimedOut, parseFault, WsmanFaultError } from '../../../../../src/transport/winrm/wsman/fault.ts';
import { NS } from '../../../../../src/transport/winrm/wsman/namespaces.ts';
import { parseEnvelope, WsmanReplyError } from '../../../../../src/transport/winrm/wsman/parse.ts';
import type { Envelope } from '../../../../../src/transport/winrm/wsman/parse.ts';
import { parseReceiveResponse } from '../../../../../src/transport/winrm/wsman/receive.ts';
import { readReply, scanReply } from '../../../../../src/transport/winrm/wsman/reply-scanner.ts';
import { parseSendResponse } from '../../../../../src/transport/winrm/wsman/send.ts';
import { parseSignalResponse } from '../../../../../src/transport/winrm/wsman/signal.ts';
import { child, parseXml, XmlSyntaxError } from '../../../../../src/transport/winrm/wsman/xml.ts';

const DIRS = [
  fileURLToPath(new URL('../../../../fixtures/winrm-recorded/', import.meta.url)),
  fileURLToPath(new URL('../../../../../../shared/fixtures/winrm-recorded/', import.meta.url)),
].filter((d) => existsSync(d));

interface Recorded {
  where: string;
  action: string;
  response: string;
  request: string;
  status: number;
}

function recorded(): Recorded[] {
  const out: Recorded[] = [];
  for (const dir of DIRS) {
    for (const f of readdirSync(dir).filter((n) => n.startsWith('test_') && n.endsWith('.yml')).sort()) {
      const doc = parseYaml(readFileSync(`${dir}/${f}`, 'utf8')) as {
        messages: Array<{ request: string; response: string; transport_error?: { code?: number } }>;
      };
      for (const [i, m] of doc.messages.entries()) {
        const action = child(child(parseXml(m.request), NS.s, 'Header'), NS.a, 'Action')?.text.trim() ?? '';
        out.push({
          where: `${dir.includes('shared') ? 'shared' : 'test'}/${f}#${i}`,
          action: action.slice(action.lastIndexOf('/') + 1),
          request: m.request,
          response: m.response,
          status: m.transport_error?.code ?? 200,
        });
      }
    }
  }
  return out;
}

/** What parseEnvelope returned before the scanner: the general parser's tree. */
function generalEnvelope(xml: string): Envelope {
  const root = parseXml(xml);
  return { header: child(root, NS.s, 'Header')!, body: child(root, NS.s, 'Body')! };
}

/** The action parser's result on the scanned reply and on the general parser's tree. */
function bothWays(action: string, xml: string): [unknown, unknown] {
  const run = (r: string | Envelope): unknown => {
    switch (action) {
      case 'Create':
        return parseCreateShellResponse(r);
      case 'Command':
        return parseCommandResponse(r);
      case 'Send':
        return parseSendResponse(r);
      case 'Receive':
        return parseReceiveResponse(r);
      case 'Signal':
        return parseSignalResponse(r);
      default:
        return parseEnvelope(r);
    }
  };
  return [run(xml), run(generalEnvelope(xml))];
}

function faultFields(e: WsmanFaultError | undefined): unknown {
  if (!e) return undefined;
  const { wsmanCode, subcode, soapCode, machine, reason, providerFault, message, hint } = e;
  return { wsmanCode, subcode, soapCode, machine, reason, providerFault, message, hint };
}

/** The scanner recognises `xml` and agrees with the general parser. */
function expectSame(xml: string): void {
  const scanned = scanReply(xml);
  expect(scanned, 'the scanner gave up').toBeDefined();
  expect(scanned).toStrictEqual(parseXml(xml));
}

const ALL = recorded();

describe('reply scanner on every recorded real-Windows message', () => {
  it('has recordings from both fixture folders', () => {
    expect(DIRS.length).toBeGreaterThanOrEqual(1);
    expect(ALL.length).toBeGreaterThan(50);
  });

  it.each(ALL.map((m) => [m.where, m] as const))('%s: the reply scans to the general parser\'s tree', (_, m) => {
    expectSame(m.response);
    // The requests (pypsrp's, other prefixes, self-closing elements) too.
    expectSame(m.request);
  });

  it.each(ALL.map((m) => [m.where, m] as const))('%s: the action parser returns the same result', (_, m) => {
    if (m.status !== 200) {
      expect(faultFields(parseFault(m.response))).toStrictEqual(faultFields(faultFromTree(parseXml(m.response))));
      expect(parseFault(m.response)).toBeInstanceOf(WsmanFaultError);
      return;
    }
    const [lean, general] = bothWays(m.action, m.response);
    expect(lean).toStrictEqual(general);
  });
});

const RSP = NS.rsp;
const DONE = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done';

function receiveReply(o: { s?: string; a?: string; rsp?: string; body?: string; sep?: string } = {}): string {
  const s = o.s ?? 's';
  const a = o.a ?? 'a';
  const r = o.rsp ?? 'rsp';
  const sep = o.sep ?? '';
  const body =
    o.body ??
    `<${r}:ReceiveResponse>${sep}<${r}:Stream Name="stdout" CommandId="C1">aGk=</${r}:Stream>${sep}` +
      `<${r}:Stream Name="stdout" CommandId="C1" End="true"></${r}:Stream>${sep}<${r}:Stream Name="stderr" CommandId="C1" End="true"/>${sep}` +
      `<${r}:CommandState CommandId="C1" State="${DONE}">${sep}<${r}:ExitCode>3</${r}:ExitCode>${sep}</${r}:CommandState>${sep}</${r}:ReceiveResponse>`;
  return (
    `<${s}:Envelope xml:lang="en-US" xmlns:${s}="${NS.s}" xmlns:${a}="${NS.a}" xmlns:${r}="${RSP}">${sep}` +
    `<${s}:Header>${sep}<${a}:Action>${RSP}/ReceiveResponse</${a}:Action>${sep}<${a}:RelatesTo>uuid:1</${a}:RelatesTo>${sep}</${s}:Header>${sep}` +
    `<${s}:Body>${sep}${body}${sep}</${s}:Body>${sep}</${s}:Envelope>`
  );
}

function faultReply(reason: string, code = '2150858793', subcode = 'w:TimedOut'): string {
  return (
    `<s:Envelope xml:lang="en-US" xmlns:s="${NS.s}" xmlns:a="${NS.a}" xmlns:e="${NS.e}" xmlns:w="${NS.w}" xmlns:f="${NS.f}">` +
    `<s:Header><a:Action>http://schemas.dmtf.org/wbem/wsman/1/wsman/fault</a:Action><a:RelatesTo>uuid:1</a:RelatesTo></s:Header>` +
    `<s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>${subcode}</s:Value></s:Subcode></s:Code>` +
    `<s:Reason><s:Text xml:lang="en-US">${reason}</s:Text></s:Reason>` +
    `<s:Detail><f:WSManFault Machine="win01" Code="${code}"><f:Message>${reason}</f:Message></f:WSManFault></s:Detail>` +
    `</s:Fault></s:Body></s:Envelope>`
  );
}

describe('reply scanner: hand-made replies', () => {
  it('namespaces under other prefixes (env:, wsa:, shell:), default namespaces, redeclared prefixes', () => {
    for (const [s, a, rsp] of [['env', 'wsa', 'rsp'], ['soap', 'addressing', 'shell'], ['s', 'a', 'x1.y-z']]) {
      const xml = receiveReply({ s, a, rsp });
      expectSame(xml);
      expect(parseReceiveResponse(xml)).toStrictEqual(parseReceiveResponse(generalEnvelope(xml)));
      expect(parseReceiveResponse(xml)).toMatchObject({ done: true, exitCode: 3, state: 'Done' });
    }
    expectSame(receiveReply({ body: `<ReceiveResponse xmlns="${RSP}"><Stream Name="stdout">aGk=</Stream></ReceiveResponse>` }));
    expectSame(receiveReply({ body: `<rsp:ReceiveResponse xmlns:rsp="urn:other"><rsp:Stream xmlns:rsp="${RSP}"/></rsp:ReceiveResponse>` }));
    expectSame(`<a xmlns="u1"><b xmlns=""><c/></b><d/></a>`);
  });

  it('attributes in other orders, single quotes, spaces around =, prefixed attributes', () => {
    const body =
      `<rsp:ReceiveResponse><rsp:Stream End='true'  CommandId = "C1"\n\tName="stdout" >aGk=</rsp:Stream >` +
      `<rsp:CommandState State="${DONE}" CommandId="C1" s:mustUnderstand="true"><rsp:ExitCode>0</rsp:ExitCode></rsp:CommandState></rsp:ReceiveResponse>`;
    const xml = receiveReply({ body });
    expectSame(xml);
    expect(parseReceiveResponse(xml).chunks).toStrictEqual([{ name: 'stdout', commandId: 'C1', end: true, data: Buffer.from('hi') }]);
  });

  it('self-closing and empty Streams, whitespace and newlines between elements', () => {
    for (const sep of ['', '\n', '\n    ', ' \t ']) {
      const xml = receiveReply({ sep });
      expectSame(xml);
      expect(parseReceiveResponse(xml)).toStrictEqual(parseReceiveResponse(generalEnvelope(xml)));
    }
    expectSame(`<?xml version="1.0" encoding="utf-8"?>\n${receiveReply({ sep: '\n  ' })}\n`);
  });

  it('a huge base64 stream', () => {
    const data = Buffer.alloc(3 << 20, 7);
    for (let i = 0; i < data.length; i += 97) data[i] = i & 0xff;
    const body = `<rsp:ReceiveResponse><rsp:Stream Name="stdout" CommandId="C1">${data.toString('base64')}</rsp:Stream></rsp:ReceiveResponse>`;
    const xml = receiveReply({ body });
    expectSame(xml);
    expect(parseReceiveResponse(xml).stdout.equals(data)).toBe(true);
  });

  it('entities in fault text and attributes: &amp; &lt; &gt; &quot; &apos; and numeric references', () => {
    const reason = 'a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;&#xD;&#xA;&#13;&#10;&#65;&#x1F600;&#160; &amp;lt;';
    const xml = faultReply(reason);
    expectSame(xml);
    const f = parseFault(xml)!;
    expect(f.reason).toBe('a & b <c> "d" \'e\'\r\n\r\nA😀\u00a0 &lt;');
    expect(faultFields(f)).toStrictEqual(faultFields(faultFromTree(parseXml(xml))));
    expectSame(`<a x="1 &amp; 2 &lt; &#x41;" y='&quot;q&apos;'/>`);
  });

  it('the TimedOut fault means "poll again", from the scan as from the general parser', () => {
    const xml = faultReply('The WS-Management service cannot complete the operation within the time specified in OperationTimeout.');
    expectSame(xml);
    let thrown: unknown;
    try {
      parseEnvelope(xml);
    } catch (e) {
      thrown = e;
    }
    expect(isTimedOut(thrown)).toBe(true);
    expect(faultFields(thrown as WsmanFaultError)).toStrictEqual(faultFields(faultFromTree(parseXml(xml))));
    expect((thrown as WsmanFaultError).wsmanCode).toBe(2150858793);
  });

  it('gives up on what it does not know, and the general parser decides as before', () => {
    const cases = [
      `<a><![CDATA[x<y]]></a>`, // Windows never sends CDATA
      `<a><!-- c --><b/></a>`,
      `<!DOCTYPE a><a/>`,
      `<a><?pi x?></a>`,
      `<a>x\r\ny</a>`, // line-end normalisation is the general parser's
      `<a>&nbsp;</a>`,
      `<a>&#0;</a>`,
      `<a>&#xD800;</a>`,
      `<a>&#X41;</a>`,
      `<a><b>x &amp y</b></a>`,
      `<a><b x="1" x="2"/></a>`,
      `<a><b x="1"y="2"/></a>`,
      `<a><b x=1/></a>`,
      `<a><b></c></a>`,
      `<a><b></a>`,
      `<a/><b/>`,
      `<a/>text`,
      `<p:a/>`,
      `<a><__proto__/></a>`,
      `<a><b x="<"/></a>`,
      `\ufeff<a/>`,
      `<a:b:c xmlns:a="u"/>`,
      `<?xml-stylesheet href="x"?><a/>`,
      `<a><é/></a>`,
    ];
    for (const xml of cases) {
      expect(scanReply(xml), xml).toBeUndefined();
      let general: unknown;
      try {
        general = parseXml(xml);
      } catch (e) {
        general = e instanceof XmlSyntaxError ? `XmlSyntaxError: ${e.message}` : e;
      }
      let lean: unknown;
      try {
        lean = readReply(xml);
      } catch (e) {
        lean = e instanceof XmlSyntaxError ? `XmlSyntaxError: ${e.message}` : e;
      }
      expect(lean, xml).toStrictEqual(general);
    }
  });

  it('malformed replies are still WINRM_BAD_REPLY', () => {
    for (const xml of [`<s:Envelope xmlns:s="${NS.s}"><s:Body></s:Envelop>`, `<s:Envelope xmlns:s="${NS.s}"><s:Body>`, 'not xml', '']) {
      expect(() => parseEnvelope(xml), xml).toThrow(WsmanReplyError);
    }
  });

  it('a sealed (signature-checked) reply skips the validation pass of the general parser', () => {
    // Outside the scanner's subset (a comment) and rejected by the validator (repeated attribute).
    const xml = `<s:Envelope xmlns:s="${NS.s}"><!-- x --><s:Body x="1" x="2"/></s:Envelope>`;
    expect(() => readReply(xml)).toThrow(XmlSyntaxError);
    expect(readReply(xml, { sealed: true }).local).toBe('Envelope');
    // Well-formed input gives the same tree either way.
    const ok = `<a><!-- x --><b/></a>`;
    expect(readReply(ok, { sealed: true })).toStrictEqual(parseXml(ok));
  });

  it('agrees with the general parser on generated documents', () => {
    let seed = 16;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T,>(xs: T[]): T => xs[rnd(xs.length)]!;
    const texts = ['', ' ', '\n  ', 'x', 'a &amp; b', '&lt;&gt;', '&#xD;&#xA;', 'aGk=', 'é ü 中', '&quot;&apos;', '>'];
    const prefixes = ['', 's', 'a', 'rsp', 'env', 'w'];
    const gen = (depth: number, declared: string[]): string => {
      const p = pick(declared);
      const name = `${p ? `${p}:` : ''}${pick(['Stream', 'Body', 'x', 'Code', 'Value'])}`;
      const extra = rnd(4) === 0 ? pick(prefixes.filter((q) => q)) : undefined;
      const scope = extra && !declared.includes(extra) ? [...declared, extra] : declared;
      const attrs: string[] = [];
      if (extra) attrs.push(`xmlns:${extra}="urn:${extra}${rnd(3)}"`);
      const names = new Set<string>();
      for (let k = rnd(4); k > 0; k--) {
        const an = `${rnd(3) === 0 ? `${pick(scope.filter((q) => q).concat(['s']))}:` : ''}${pick(['Name', 'End', 'Code', 'lang'])}`;
        if (names.has(an)) continue;
        names.add(an);
        attrs.push(`${an}${pick(['=', ' = '])}${pick(['"', "'"]) === '"' ? `"${pick(texts).replace(/>/g, '')}"` : `'${pick(texts).replace(/>/g, '')}'`}`);
      }
      const open = `<${name}${attrs.map((x) => pick([' ', '\n\t']) + x).join('')}${pick(['', ' '])}`;
      if (depth === 0 || rnd(3) === 0) return rnd(2) ? `${open}/>` : `${open}>${pick(texts)}</${name}>`;
      const kids = Array.from({ length: rnd(4) }, () => pick(texts) + gen(depth - 1, scope)).join('');
      return `${open}>${kids}${pick(texts)}</${name}>`;
    };
    const ns = `xmlns="urn:d" xmlns:s="${NS.s}" xmlns:a="${NS.a}" xmlns:rsp="${RSP}" xmlns:env="${NS.s}" xmlns:w="${NS.w}"`;
    for (let k = 0; k < 400; k++) {
      const inner = gen(4, prefixes);
      const xml = `<root ${ns}>${inner}</root>`;
      expectSame(xml);
    }
  });
});
