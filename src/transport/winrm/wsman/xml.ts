/**
 * A tiny namespace-resolved element tree over fast-xml-parser. WS-Man peers use different prefixes for the same
 * namespaces (Windows `a:`/`w:`, pypsrp `wsa:`/`wsman:`, pywinrm `env:`), so every lookup is by namespace URI and
 * local name, never by prefix (reference §2).
 */
import { createRequire } from 'node:module';
import type * as Fxp from 'fast-xml-parser';

export interface XmlElement {
  ns: string;
  local: string;
  /** Attributes by local name (prefix dropped: `s:mustUnderstand` and `mustUnderstand` are the same key). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Direct text content, concatenated. */
  text: string;
}

export class XmlSyntaxError extends Error {}

const OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true, // decodes numeric character references (&#xD;) too
};

interface GeneralParser {
  parser: Fxp.XMLParser;
  plainParser: Fxp.XMLParser;
  validator: typeof Fxp.XMLValidator;
}
let general: GeneralParser | undefined;

/**
 * fast-xml-parser, loaded on first use: the reply scanner reads every reply a WinRS client normally gets, so most
 * runs never need it, and its CommonJS build is one file where its ES build is dozens of modules to resolve and
 * compile at start-up (about 70 ms of CPU on every command).
 */
function generalParser(): GeneralParser {
  if (general) return general;
  const fxp = createRequire(import.meta.url)('fast-xml-parser') as typeof Fxp;
  general = {
    parser: new fxp.XMLParser(OPTIONS),
    // Envelopes without any `&` have no entity to decode; skipping the entity pass matters for Send/Receive
    // envelopes that carry 100+ KB of base64 (measured: 7.6% of a win_copy's CPU).
    plainParser: new fxp.XMLParser({ ...OPTIONS, processEntities: false, htmlEntities: false }),
    validator: fxp.XMLValidator,
  };
  return general;
}

// fast-xml-parser's preserveOrder node: { [tagName]: children, ':@'?: attributes } or { '#text': string }.
type RawNode = Record<string, unknown>;

/**
 * The general parser. `validate: false` skips fast-xml-parser's separate well-formedness pass, for text whose
 * origin was already proved (a sealed reply whose signature checked: the host wrote it).
 */
export function parseXml(xml: string, opts: { validate?: boolean } = {}): XmlElement {
  const { parser, plainParser, validator } = generalParser();
  if (opts.validate !== false) {
    const valid = validator.validate(xml);
    if (valid !== true) throw new XmlSyntaxError(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const nodes = (xml.includes('&') ? parser : plainParser).parse(xml) as RawNode[];
  const roots = nodes.filter((n) => elementName(n) !== undefined && !elementName(n)!.startsWith('?'));
  const root = roots[0];
  if (roots.length !== 1 || !root) throw new XmlSyntaxError('malformed XML: expected one root element');
  return convert(root, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

function elementName(n: RawNode): string | undefined {
  return Object.keys(n).find((k) => k !== ':@' && k !== '#text');
}

function convert(node: RawNode, scope: Map<string, string>): XmlElement {
  const name = elementName(node)!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const inner = new Map(scope);
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns') inner.set('', v);
    else if (k.startsWith('xmlns:')) inner.set(k.slice(6), v);
  }
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    attrs[localOf(k)] = String(v);
  }
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const ns = inner.get(prefix);
  if (ns === undefined && prefix !== '') throw new XmlSyntaxError(`undeclared namespace prefix "${prefix}" on <${name}>`);
  const el: XmlElement = { ns: ns ?? '', local: localOf(name), attrs, children: [], text: '' };
  for (const c of (node[name] ?? []) as RawNode[]) {
    if ('#text' in c) el.text += String(c['#text']);
    else if (elementName(c) !== undefined) el.children.push(convert(c, inner));
  }
  return el;
}

function localOf(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

export function child(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.ns === ns && c.local === local);
}

export function childrenOf(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.ns === ns && c.local === local) : [];
}

/** Depth-first, document order. */
export function descendants(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  if (!el) return [];
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.ns === ns && c.local === local) out.push(c);
    out.push(...descendants(c, ns, local));
  }
  return out;
}

/** All text inside an element, children included, in document order. */
export function deepText(el: XmlElement | undefined): string {
  if (!el) return '';
  return el.text + el.children.map(deepText).join('');
}

/** Case-insensitive attribute lookup (Windows and clients disagree on `ShellId`/`ShellID`). */
export function attrCI(el: XmlElement, name: string): string | undefined {
  // The first attribute, in document order, whose name matches ignoring case: read on every Stream of every reply,
  // so without an array of the keys or a lower-cased copy of each (names of another length cannot match).
  const lower = name.toLowerCase();
  for (const k in el.attrs) {
    if (k.length === name.length && (k === name || k.toLowerCase() === lower)) return el.attrs[k];
  }
  return undefined;
}

// Most text needs no escaping (ids, URIs, base64): one test instead of four or seven replaces.
const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<>\r"\n\t]/;

export function escapeText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

export function escapeAttr(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
