import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { setServiceAccount, startService } from '../../../../src/sim/host/services.ts';
import { defaultHostState } from '../../../../src/sim/host/state.ts';

describe('RehearsalLog', () => {
  it('records changes in order with the acting account, and never a password', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rehearsal-')), 'log.jsonl');
    const log = new RehearsalLog({ path, now: () => new Date('2024-01-02T03:04:05Z') });
    const state = defaultHostState('win01');
    state.users.push({ name: 'svc_qlik', password: 'Hunter2!', enabled: true });
    state.rights.SeServiceLogonRight?.push('WIN01\\svc_qlik');
    const actor = { account: 'WIN01\\Administrator', log };
    setServiceAccount(state, 'W32Time', '.\\svc_qlik', 'Hunter2!', actor);
    startService(state, 'W32Time', actor);
    log.append({ host: 'WIN02', account: 'x', what: 'user.set_password', target: 'u', detail: { password: 'Hunter2!' } });

    expect(log.entries('win01')).toEqual([
      {
        time: '2024-01-02T03:04:05.000Z', host: 'WIN01', account: 'WIN01\\Administrator', what: 'service.set_account', target: 'W32Time',
        detail: { account: '.\\svc_qlik', credentials: 'password changed' },
      },
      { time: '2024-01-02T03:04:05.000Z', host: 'WIN01', account: 'WIN01\\Administrator', what: 'service.start', target: 'W32Time' },
    ]);
    expect(log.entries()).toHaveLength(3);
    const file = readFileSync(path, 'utf8');
    expect(file.trim().split('\n').map((l) => JSON.parse(l).what)).toEqual(['service.set_account', 'service.start', 'user.set_password']);
    expect(file).not.toContain('Hunter2!');
    expect(JSON.stringify(log.entries())).not.toContain('Hunter2!');
  });
});
