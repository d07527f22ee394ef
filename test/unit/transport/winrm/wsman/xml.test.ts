import { describe, expect, it } from 'vitest';
import { deepText, escapeAttr, escapeText, parseXml, XmlSyntaxError } from '../../../../../src/transport/winrm/wsman/xml.ts';

describe('parseXml', () => {
  it('resolves namespaces by URI, whatever the prefix, including default namespaces', () => {
    const a = parseXml('<x:r xmlns:x="urn:n"><x:c a:k="1" xmlns:a="urn:a"/></x:r>');
    const b = parseXml('<r xmlns="urn:n"><c k="1"/></r>');
    for (const root of [a, b]) {
      expect(root).toMatchObject({ ns: 'urn:n', local: 'r' });
      expect(root.children[0]).toMatchObject({ ns: 'urn:n', local: 'c', attrs: { k: '1' } });
    }
  });

  it('decodes entities and numeric references, and round-trips escaped text', () => {
    const text = 'a < b & "c" \r\n\té';
    const root = parseXml(`<r v="${escapeAttr(text)}">${escapeText(text)}&#x41;</r>`);
    expect(root.attrs.v).toBe(text);
    expect(deepText(root)).toBe(`${text}A`);
  });

  it('rejects malformed XML and undeclared prefixes', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<p:a/>')).toThrow(XmlSyntaxError);
  });
});
