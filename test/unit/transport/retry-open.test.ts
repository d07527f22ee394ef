import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConnectionError, RemoteError } from '../../../src/errors.ts';
import { retryPolicyFrom, withOpenRetries } from '../../../src/transport/retry-open.ts';
import type { Transport } from '../../../src/transport/types.ts';

function failing(errors: Error[]): Transport & { opens: number } {
  const t = {
    host: 'h',
    opens: 0,
    open: async () => {
      const e = errors[t.opens++];
      if (e) throw e;
    },
    exec: async () => ({ rc: 0, stdout: '', stderr: '' }),
    spawn: async () => {
      throw new Error('unused');
    },
    upload: async () => {
      throw new Error('unused');
    },
    close: async () => undefined,
    stats: () => ({ requests: 0 }),
  };
  return t;
}

const refused = () => new ConnectionError('WINRM_CONNECTION_REFUSED', 'refused');

describe('connection retries', () => {
  it('retries connection-level failures with doubling backoff, then succeeds', async () => {
    const t = failing([refused(), new RemoteError('WINRM_HTTP_STATUS', 'creating the shell: the WinRM service answered HTTP 500')]);
    const delays: number[] = [];
    await withOpenRetries(t, { retries: 3, backoffMs: 100, sleep: async (ms) => void delays.push(ms) }).open();
    expect(t.opens).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it('keeps the transport\'s raw shell (WinRM raw lines are PowerShell), and none for a transport without one', () => {
    const winrm = { ...failing([]), rawShell: 'powershell' as const };
    expect(withOpenRetries(winrm, { retries: 1, backoffMs: 0 }).rawShell).toBe('powershell');
    expect(withOpenRetries(failing([]), { retries: 1, backoffMs: 0 }).rawShell).toBeUndefined();
  });

  it('gives up after the configured number of retries with the last error', async () => {
    const t = failing([refused(), refused(), refused(), refused()]);
    await expect(withOpenRetries(t, { retries: 2, backoffMs: 0, sleep: async () => undefined }).open()).rejects.toThrow('refused');
    expect(t.opens).toBe(3);
  });

  it('never retries an authentication failure, a DNS failure or a WS-Man fault', async () => {
    for (const e of [new AuthenticationError('WINRM_AUTH_FAILED', 'denied'), new ConnectionError('WINRM_DNS', 'no such host'), new RemoteError('WINRM_FAULT', 'quota')]) {
      const t = failing([e]);
      await expect(withOpenRetries(t, { retries: 5, backoffMs: 0, sleep: async () => undefined }).open()).rejects.toBe(e);
      expect(t.opens).toBe(1);
    }
  });

  it('reads its policy from host variables, falling back to the defaults on bad values', () => {
    expect(retryPolicyFrom({ ansible_winrm_reconnection_retries: 4, ansible_winrm_reconnection_backoff: '1.5' })).toMatchObject({ retries: 4, backoffMs: 1500 });
    expect(retryPolicyFrom({ ansible_winrm_reconnection_retries: -1 })).toMatchObject({ retries: 2, backoffMs: 500 });
  });
});
