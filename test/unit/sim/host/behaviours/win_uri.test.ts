import { describe, expect, it } from 'vitest';
import { winUriSchema } from '../../../../../src/modules/win_uri/index.ts';
import { winUri } from '../../../../../src/sim/host/behaviours/win_uri.ts';
import { addHttpEndpoint } from '../../../../../src/sim/host/http-endpoints.ts';
import { findService } from '../../../../../src/sim/host/services.ts';
import { RehearsalLog } from '../../../../../src/sim/host/rehearsal-log.ts';
import { type HostState, defaultHostState } from '../../../../../src/sim/host/state.ts';

const run = (state: HostState, args: Record<string, unknown>) =>
  winUri(state, winUriSchema.parse(args) as Record<string, unknown>, { check: false, diff: false, account: 'Administrator', log: new RehearsalLog() });

describe('win_uri on the simulated host', () => {
  it('accepts a single status code and answers HTTP.sys 404 for an unknown path on the WinRM port', () => {
    expect(run(defaultHostState('win01'), { url: 'http://127.0.0.1:5985/nothing', status_code: 404 })).toMatchObject({ status_code: 404, status_description: 'Not Found' });
  });

  it('hands credentials and body to the endpoint, and snake-cases response headers', () => {
    const s = defaultHostState('win01');
    findService(s, 'Spooler')!.listens = [8080];
    addHttpEndpoint(s, { port: 8080, prefix: '/', handle: (r) => (r.user === 'u' && r.password === 'p' ? { status: 201, headers: { 'X-Request-Id': '7' }, body: r.body } : { status: 401 }) });
    expect(run(s, { url: 'http://localhost:8080/x', method: 'POST', body: { a: 1 }, url_username: 'u', url_password: 'p', status_code: [201], return_content: true })).toMatchObject({
      status_code: 201, x_request_id: '7', content: '{"a":1}',
    });
    expect(() => run(s, { url: 'http://localhost:8080/x' })).toThrow("Status code of request '401' is not in list of valid status codes 200 : Unauthorized'.");
  });

  it('cannot reach another host', () => {
    expect(() => run(defaultHostState('win01'), { url: 'http://win02:5985/wsman' })).toThrow('Unable to connect to the remote server');
  });
});
