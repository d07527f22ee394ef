import { describe, expect, it } from 'vitest';
import { attrCI, deepText, escapeAttr, escapeText, parseXml, XmlSyntaxError } from '../../../../../src/transport/winrm/wsman/xml.ts';

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

describe('escaping and attribute lookup', () => {
  it('escapes each special character alone and leaves text without any as it is', () => {
    expect(escapeText('uuid:0E1B9C3A-4A3D http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd')).toBe('uuid:0E1B9C3A-4A3D http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd');
    expect(escapeText('&')).toBe('&amp;');
    expect(escapeText('<')).toBe('&lt;');
    expect(escapeText('>')).toBe('&gt;');
    expect(escapeText('\r')).toBe('&#13;');
    expect(escapeAttr('en-US')).toBe('en-US');
    expect(escapeAttr('"')).toBe('&quot;');
    expect(escapeAttr('\n')).toBe('&#10;');
    expect(escapeAttr('\t')).toBe('&#9;');
    expect(escapeAttr('&')).toBe('&amp;');
  });

  it('finds an attribute ignoring case, the first in document order when two differ only by case', () => {
    const el = parseXml('<r Name="a" name="b" CommandId="c"/>');
    expect(attrCI(el, 'name')).toBe('a');
    expect(attrCI(el, 'NAME')).toBe('a');
    expect(attrCI(el, 'commandid')).toBe('c');
    expect(attrCI(el, 'Command')).toBeUndefined();
    expect(attrCI(el, 'End')).toBeUndefined();
  });
});
