import { describe, it, expect } from 'vitest';
import { HttpParseError, ResponseParser, closesConnection, headerValues, serializeRequest } from '../../../../../src/transport/winrm/http/wire.ts';

function parseAll(raw: string, split = 1): ReturnType<ResponseParser['push']> {
  const p = new ResponseParser();
  const bytes = Buffer.from(raw, 'latin1');
  let res;
  for (let i = 0; i < bytes.length; i += split) res = p.push(bytes.subarray(i, i + split)) ?? res;
  return res;
}

describe('HTTP wire format', () => {
  it('serialises a request with CRLF line ends and the body after a blank line', () => {
    const req = serializeRequest({ method: 'POST', path: '/wsman', headers: [['Host', 'h:5985'], ['Content-Length', '2']], body: Buffer.from('hi') });
    expect(req.toString()).toBe('POST /wsman HTTP/1.1\r\nHost: h:5985\r\nContent-Length: 2\r\n\r\nhi');
  });

  it('parses a Content-Length reply fed byte by byte, keeping repeated WWW-Authenticate headers', () => {
    const res = parseAll('HTTP/1.1 401 \r\nWWW-Authenticate: Negotiate\r\nWWW-Authenticate: Basic realm="WSMAN"\r\nContent-Length: 3\r\n\r\nabc');
    expect(res?.status).toBe(401);
    expect(res?.reason).toBe('');
    expect(res && headerValues(res, 'www-authenticate')).toEqual(['Negotiate', 'Basic realm="WSMAN"']);
    expect(res?.body.toString()).toBe('abc');
  });

  it('serialises a head alone (the body written apart) with the same bytes', () => {
    const req = serializeRequest({ method: 'POST', path: '/wsman', headers: [['Host', 'h:5985'], ['Content-Length', '2']], body: Buffer.alloc(0) });
    expect(req.toString()).toBe('POST /wsman HTTP/1.1\r\nHost: h:5985\r\nContent-Length: 2\r\n\r\n');
  });

  it('gives a reply that came in one read as a view of that read, and joins one that came in several', () => {
    const one = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nabcd');
    const res = new ResponseParser().push(one);
    expect(res?.body.toString()).toBe('abcd');
    one[one.length - 1] = 0x7a; // the read's own bytes: the body is a view of them
    expect(res?.body.toString()).toBe('abcz');
    const p = new ResponseParser();
    const first = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab');
    p.push(first);
    const joined = p.push(Buffer.from('cd'));
    expect(joined?.body.toString()).toBe('abcd');
    first[first.length - 1] = 0x7a; // joined into a buffer of its own
    expect(joined?.body.toString()).toBe('abcd');
  });

  it('waits for the whole body', () => {
    const p = new ResponseParser();
    expect(p.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab'))).toBeUndefined();
    expect(p.push(Buffer.from('cd'))?.body.toString()).toBe('abcd');
  });

  it('parses chunked bodies, with and without trailers', () => {
    const raw = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n';
    expect(parseAll(raw)?.body.toString()).toBe('hello world');
    expect(parseAll(raw, 7)?.body.toString()).toBe('hello world');
    const trailers = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\nX-T: 1\r\n\r\n';
    expect(parseAll(trailers)?.body.toString()).toBe('hi');
  });

  it('reads an undelimited body until the peer closes', () => {
    const p = new ResponseParser();
    expect(p.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\nsome'))).toBeUndefined();
    p.push(Buffer.from(' data'));
    expect(p.end()?.body.toString()).toBe('some data');
  });

  it('says whether the server closes the connection', () => {
    expect(closesConnection({ headers: [['Connection', 'close']] })).toBe(true);
    expect(closesConnection({ headers: [['Connection', 'Keep-Alive']] })).toBe(false);
  });

  it('rejects garbage', () => {
    expect(() => parseAll('SSH-2.0-OpenSSH\r\n\r\n')).toThrow(HttpParseError);
  });
});
