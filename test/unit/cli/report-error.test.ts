import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../../src/cli/main.ts';
import { InputError } from '../../../src/errors.ts';

afterEach(() => vi.restoreAllMocks());

function stderrOf(e: unknown): { text: string; code: number } {
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((text += String(chunk)), true));
  const code = reportError(e);
  vi.restoreAllMocks();
  return { text, code };
}

describe('errors on the terminal', () => {
  it('print control characters from a message (a file name, a reply) as \\xHH, keeping its lines', () => {
    const { text, code } = stderrOf(new InputError('PLAYBOOK_NOT_FOUND', 'playbook play\u001b]0;pwned\u0007.yml does not exist\nsecond line', { hint: 'check \u001b[2J the path' }));
    expect(code).toBe(3);
    // eslint-disable-next-line no-control-regex -- what must not be there
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('play\\x1b]0;pwned\\x07.yml does not exist\nsecond line');
    expect(text).toContain('check \\x1b[2J the path');
  });

  it('print an internal error\'s control characters escaped too', () => {
    const { text, code } = stderrOf(new Error('bad \u009b reply'));
    expect(code).toBe(250);
    expect(text).toContain('bad \\x9b reply');
  });
});
