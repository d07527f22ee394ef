/**
 * The lean path for the replies a WinRS client receives (issue 16): ReceiveResponse (Stream, CommandState,
 * ExitCode), SendResponse, CommandResponse, SignalResponse, CreateResponse, DeleteResponse and the WS-Man Fault.
 * These are small, flat envelopes in a narrow subset of XML, so a single left-to-right scan builds the same
 * namespace-resolved tree `parseXml` builds (fast-xml-parser, its validator, then a conversion), at a fraction of
 * the cost: no validation pass, no intermediate objects, no scope Map per element, and text is a slice of the reply
 * (a 100 KB base64 Stream is never copied before it is decoded).
 *
 * The scan gives up — returns undefined, and the caller uses the general parser, so behaviour never changes — on
 * anything outside that subset or anything the general parser would reject or treat specially: a carriage return
 * (XML line-end normalisation), comments, CDATA, DOCTYPE, processing instructions other than a leading XML
 * declaration, an entity other than the five XML ones and numeric references to XML characters, a repeated
 * attribute, an undeclared prefix, an unusual name, a mismatched or unclosed tag, text outside the root.
 */
import { parseXml } from './xml.ts';
import type { XmlElement } from './xml.ts';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const EQ = 61; // =
const QUOT = 34; // "
const APOS = 39; // '
const COLON = 58; // :
const BANG = 33; // !
const QUESTION = 63; // ?

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; // a-z A-Z _
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46; // 0-9 - .
}

/** Names fast-xml-parser refuses or treats specially (prototype pollution guard): left to it. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);

/** Sentinel for "give up": thrown inside the scan, caught once at the top. */
const GIVE_UP = Symbol('give up');

/** A namespace prefix or a name ends at the first character that is not a name character. */
function readName(xml: string, i: number): number {
  if (!isNameStart(xml.charCodeAt(i))) throw GIVE_UP;
  let j = i + 1;
  let colon = -1;
  for (;;) {
    const c = xml.charCodeAt(j);
    if (isNameChar(c)) j++;
    else if (c === COLON && colon < 0 && isNameStart(xml.charCodeAt(j + 1))) {
      colon = j;
      j += 2;
    } else break;
  }
  return j;
}

function localOf(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** Decodes the five XML entities and numeric references to XML characters; anything else gives up. */
function decode(s: string): string {
  let out = '';
  let from = 0;
  for (let amp = s.indexOf('&'); amp >= 0; amp = s.indexOf('&', from)) {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 10) throw GIVE_UP;
    const name = s.slice(amp + 1, semi);
    let ch: string;
    switch (name) {
      case 'amp':
        ch = '&';
        break;
      case 'lt':
        ch = '<';
        break;
      case 'gt':
        ch = '>';
        break;
      case 'quot':
        ch = '"';
        break;
      case 'apos':
        ch = "'";
        break;
      default: {
        let cp: number;
        if (/^#[0-9]{1,7}$/.test(name)) cp = parseInt(name.slice(1), 10);
        else if (/^#x[0-9a-fA-F]{1,6}$/.test(name)) cp = parseInt(name.slice(2), 16);
        else throw GIVE_UP;
        const xmlChar =
          cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
        if (!xmlChar) throw GIVE_UP;
        ch = String.fromCodePoint(cp);
      }
    }
    out += s.slice(from, amp) + ch;
    from = semi + 1;
  }
  return out + s.slice(from);
}

function text(xml: string, from: number, to: number): string {
  const s = xml.slice(from, to);
  return s.indexOf('&') < 0 ? s : decode(s);
}

/** `<?xml version="1.0" encoding="utf-8"?>` at the very start, as Windows and pypsrp write it. */
const DECLARATION = /^<\?xml(?:\s+[A-Za-z_][\w.-]*\s*=\s*(?:"[^"<&]*"|'[^'<&]*'))*\s*\?>/;

interface Open {
  el: XmlElement;
  /** The tag as written, for matching the end tag. */
  qname: string;
  /** Length of the prefix stack before this element's declarations. */
  scope: number;
}

/**
 * The tree `parseXml(xml)` returns, or undefined when the reply is outside the subset this scanner knows (the
 * caller then uses the general parser, which either builds the tree or throws XmlSyntaxError).
 */
export function scanReply(xml: string): XmlElement | undefined {
  try {
    return scan(xml);
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

function scan(xml: string): XmlElement {
  if (xml.indexOf('\r') >= 0) throw GIVE_UP;
  const n = xml.length;
  let i = 0;
  if (xml.startsWith('<?')) {
    const decl = DECLARATION.exec(xml.slice(0, xml.indexOf('?>') + 2));
    if (!decl) throw GIVE_UP;
    i = decl[0].length;
  }
  while (i < n && isSpace(xml.charCodeAt(i))) i++;
  // Namespace scope as a flat stack of prefix/URI pairs, searched from the top: an envelope declares a handful.
  const prefixes: string[] = ['xml'];
  const uris: string[] = [XML_NS];
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  const resolve = (prefix: string): string | undefined => {
    for (let k = prefixes.length - 1; k >= 0; k--) if (prefixes[k] === prefix) return uris[k];
    return undefined;
  };

  while (i < n) {
    if (xml.charCodeAt(i) !== LT) {
      // Text up to the next tag; outside the root only whitespace may appear.
      let lt = xml.indexOf('<', i);
      if (lt < 0) lt = n;
      const top = stack[stack.length - 1];
      if (top) top.el.text += text(xml, i, lt);
      else {
        for (let k = i; k < lt; k++) if (!isSpace(xml.charCodeAt(k))) throw GIVE_UP;
      }
      i = lt;
      continue;
    }
    const c1 = xml.charCodeAt(i + 1);
    if (c1 === BANG || c1 === QUESTION) throw GIVE_UP;
    if (c1 === SLASH) {
      const top = stack.pop();
      if (!top) throw GIVE_UP;
      const end = i + 2 + top.qname.length;
      if (!xml.startsWith(top.qname, i + 2)) throw GIVE_UP;
      let j = end;
      while (isSpace(xml.charCodeAt(j))) j++;
      if (xml.charCodeAt(j) !== GT) throw GIVE_UP;
      prefixes.length = uris.length = top.scope;
      i = j + 1;
      continue;
    }
    if (root && stack.length === 0) throw GIVE_UP; // a second root
    // Start tag.
    const nameEnd = readName(xml, i + 1);
    const qname = xml.slice(i + 1, nameEnd);
    let j = nameEnd;
    const scope = prefixes.length;
    const rawNames: string[] = [];
    const attrs: Record<string, string> = {};
    let selfClosing = false;
    for (;;) {
      const c = xml.charCodeAt(j);
      if (c === GT) {
        j++;
        break;
      }
      if (c === SLASH) {
        if (xml.charCodeAt(j + 1) !== GT) throw GIVE_UP;
        selfClosing = true;
        j += 2;
        break;
      }
      if (!isSpace(c)) throw GIVE_UP; // attributes are separated by whitespace
      while (isSpace(xml.charCodeAt(j))) j++;
      const a = xml.charCodeAt(j);
      if (a === GT || a === SLASH) continue;
      const attrEnd = readName(xml, j);
      const attrName = xml.slice(j, attrEnd);
      j = attrEnd;
      while (isSpace(xml.charCodeAt(j))) j++;
      if (xml.charCodeAt(j) !== EQ) throw GIVE_UP;
      j++;
      while (isSpace(xml.charCodeAt(j))) j++;
      const q = xml.charCodeAt(j);
      if (q !== QUOT && q !== APOS) throw GIVE_UP;
      const close = xml.indexOf(q === QUOT ? '"' : "'", j + 1);
      if (close < 0) throw GIVE_UP;
      const raw = xml.slice(j + 1, close);
      if (raw.indexOf('<') >= 0) throw GIVE_UP;
      j = close + 1;
      if (rawNames.includes(attrName)) throw GIVE_UP;
      rawNames.push(attrName);
      const value = raw.indexOf('&') < 0 ? raw : decode(raw);
      if (attrName === 'xmlns') {
        prefixes.push('');
        uris.push(value);
      } else if (attrName.startsWith('xmlns:')) {
        prefixes.push(attrName.slice(6));
        uris.push(value);
      } else {
        const local = localOf(attrName);
        if (RESERVED.has(local) || RESERVED.has(attrName)) throw GIVE_UP;
        attrs[local] = value;
      }
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    if (RESERVED.has(local) || RESERVED.has(qname) || prefix === 'xmlns') throw GIVE_UP;
    const ns = resolve(prefix);
    if (ns === undefined && prefix !== '') throw GIVE_UP; // the general parser words this error
    const el: XmlElement = { ns: ns ?? '', local, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.el.children.push(el);
    else root = el;
    if (selfClosing) prefixes.length = uris.length = scope;
    else stack.push({ el, qname, scope });
    i = j;
  }
  if (!root || stack.length > 0) throw GIVE_UP;
  return root;
}

export interface ReadReplyOptions {
  /** The reply came sealed and its NTLM signature checked: the general parser may skip its validation pass. */
  sealed?: boolean;
}

/** A reply's tree: the scan, else the general parser (validated unless the reply was sealed). */
export function readReply(xml: string, opts: ReadReplyOptions = {}): XmlElement {
  return scanReply(xml) ?? parseXml(xml, { validate: opts.sealed !== true });
}
