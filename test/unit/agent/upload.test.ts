import { describe, expect, it } from 'vitest';
import { UPLOAD_LINE_BYTES, decodePut, encodePut } from '../../../src/agent/protocol.ts';
import { maxSendChunk } from '../../../src/transport/winrm/wsman/send.ts';

describe('upload PUT lines', () => {
  it('round-trip a chunk and reject anything else', () => {
    const data = Buffer.from([0, 1, 2, 250, 255]);
    const line = encodePut('00ff00ff00ff00ff', data);
    expect(line.endsWith('\n')).toBe(true);
    expect(decodePut(line.trimEnd())).toEqual({ key: '00ff00ff00ff00ff', data });
    expect(decodePut('PUT short AAAA')).toBeUndefined();
    expect(decodePut('{"id":"1"}')).toBeUndefined();
  });

  it('use a chunk size that keeps base64 aligned and fits one Send of the default 150 KiB envelope', () => {
    expect(UPLOAD_LINE_BYTES % 3).toBe(0);
    const ctx = { to: 'http://h:5985/wsman', newId: () => 'x', operationTimeoutSec: 20 } as unknown as Parameters<typeof maxSendChunk>[0];
    const line = encodePut('0123456789abcdef', Buffer.alloc(UPLOAD_LINE_BYTES));
    expect(Buffer.byteLength(line)).toBeLessThan(maxSendChunk(ctx, 'S', 'C'));
  });
});
