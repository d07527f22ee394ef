/**
 * The simulated agent's async jobs (src/sim/host/async-jobs.ts), driven through the agent protocol: polled jobs
 * against simulated time, started jobs collected by jid, and the script checks a real agent's caller would trip.
 */
import { describe, expect, it } from 'vitest';
import { asyncJob } from '../../../../src/modules/async_status/job.ts';
import { simulatedSeconds } from '../../../../src/sim/host/behaviours/sim-clock.ts';
import { AgentDriver, req, scriptFor } from './agent-io.ts';
import { newHost } from './run.ts';

const JOB_SCRIPT = Buffer.from(asyncJob.script ?? '', 'utf8').toString('base64');

function shellJob(mode: 'wait' | 'start', jid: string, limit: number, cmd: string) {
  return { mode, jid, limit, module: 'win_shell', script: scriptFor('win_shell'), args: { _raw_params: cmd, executable: 'powershell' } };
}

function driver() {
  const host = newHost();
  const a = new AgentDriver(host);
  let n = 0;
  const call = (args: unknown) => a.call(req(String(++n), 'winbook_async_job', args, n === 1 ? { script: JOB_SCRIPT } : {}));
  return { host, a, call };
}

describe('simulated async jobs', () => {
  it('Start-Sleep advances the host\'s simulated clock instead of sleeping', () => {
    const { host, call } = driver();
    const started = Date.now();
    const r = call(shellJob('wait', 'j1.1', 100, 'Start-Sleep -Seconds 30; Start-Sleep -Milliseconds 500; Write-Output hi'));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(simulatedSeconds(host.state)).toBe(30.5);
    expect(r).toMatchObject({ rc: 0, stdout: 'hi\r\n', ansible_job_id: 'j1.1', started: 1, finished: 1 });
  });

  it('fails a waited job that sleeps past its limit with Ansible\'s message', () => {
    const { call } = driver();
    expect(call(shellJob('wait', 'j2.1', 3, 'Start-Sleep 4'))).toEqual({
      failed: true, changed: false, msg: 'async task did not complete within the requested time - 3s', async_result: { ansible_job_id: 'j2.1', started: 1, finished: 0 },
    });
  });

  it('reports a started job unfinished until the status calls have covered its sleep, then its result until cleanup', () => {
    const { call } = driver();
    expect(call(shellJob('start', 'j3.1', 60, 'Start-Sleep 2; Write-Output late'))).toEqual({ changed: true, ansible_job_id: 'j3.1', started: 1, finished: 0 });
    expect(call({ mode: 'status', jid: 'j3.1' })).toEqual({ changed: false, ansible_job_id: 'j3.1', started: 1, finished: 0 });
    expect(call({ mode: 'status', jid: 'j3.1' })).toMatchObject({ changed: true, stdout: 'late\r\n', finished: 1 });
    expect(call({ mode: 'status', jid: 'j3.1' })).toMatchObject({ stdout: 'late\r\n', finished: 1 });
    expect(call({ mode: 'cleanup', jid: 'j3.1' })).toEqual({ changed: false, ansible_job_id: 'j3.1', erased: 'j3.1' });
    expect(call({ mode: 'status', jid: 'j3.1' })).toMatchObject({ failed: true, msg: 'could not find job', finished: 1 });
  });

  it('ends a started job that outlives its limit as Ansible\'s watchdog does', () => {
    const { call } = driver();
    call(shellJob('start', 'j4.1', 1, 'Start-Sleep 10'));
    expect(call({ mode: 'status', jid: 'j4.1' })).toMatchObject({ finished: 0 });
    expect(call({ mode: 'status', jid: 'j4.1' })).toMatchObject({ failed: true, msg: 'timed out waiting for module completion', finished: 1 });
  });

  it('refuses a job whose module script is not the shipped one', () => {
    const { call } = driver();
    const r = call({ ...shellJob('wait', 'j5.1', 5, 'Write-Output x'), script: Buffer.from('# tampered').toString('base64') });
    expect(r).toMatchObject({ failed: true, msg: 'agent script for win_shell does not match the module shipped with this simulator' });
  });

  it('refuses Start-Sleep without a number, as PowerShell does', () => {
    const { call } = driver();
    expect(call(shellJob('wait', 'j6.1', 5, 'Start-Sleep -Seconds soon'))).toMatchObject({ rc: 1, stderr: expect.stringContaining("Cannot bind parameter 'Seconds'. Cannot convert value \"soon\" to type \"System.Int32\"") });
    expect(call(shellJob('wait', 'j6.2', 5, 'Start-Sleep -1'))).toMatchObject({ rc: 1, stderr: expect.stringContaining('The -1 argument is less than the minimum allowed range of 0') });
  });
});
