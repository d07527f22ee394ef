import { describe, expect, it } from 'vitest';
import { raw } from '../../../src/modules/raw/index.ts';
import { winPing } from '../../../src/modules/win_ping/index.ts';
import { winService } from '../../../src/modules/win_service/index.ts';

describe('raw', () => {
  it('takes the free-form command line as _raw_params', () => {
    expect(raw.schema.parse({ _raw_params: 'hostname' })).toEqual({ _raw_params: 'hostname' });
    expect(raw).toMatchObject({ kind: 'raw', freeForm: true, supportsCheck: false });
  });
  it('rejects an empty command and unknown arguments', () => {
    expect(raw.schema.safeParse({ _raw_params: '' }).success).toBe(false);
    expect(raw.schema.safeParse({ _raw_params: 'x', chdir: 'C:\\' }).success).toBe(false);
  });
});

describe('win_ping', () => {
  it('defaults data to pong', () => {
    expect(winPing.schema.parse({})).toEqual({ data: 'pong' });
    expect(winPing.schema.parse({ data: 'crash' })).toEqual({ data: 'crash' });
  });
  it('rejects unknown arguments', () => {
    const r = winPing.schema.safeParse({ dta: 'x' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['dta'] });
  });
  it('runs on the agent with Ansible\'s crash behaviour', () => {
    expect(winPing.kind).toBe('agent');
    expect(winPing.script).toContain("if ($data -eq 'crash')");
  });
});

describe('win_service', () => {
  it('accepts the first-cut options and defaults force_dependent_services', () => {
    const args = winService.schema.parse({
      name: 'QlikSenseProxyService',
      state: 'started',
      start_mode: 'delayed',
      username: 'DOMAIN\\qliksvc',
      password: 's3cret',
      dependencies: ['QlikSenseRepositoryService'],
    });
    expect(args.force_dependent_services).toBe(false);
    expect(args.start_mode).toBe('delayed');
  });

  it('requires name', () => {
    const r = winService.schema.safeParse({ state: 'started' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['name']);
  });

  it('rejects a wrong state with zod\'s message listing the choices', () => {
    const r = winService.schema.safeParse({ name: 'x', state: 'running' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(
      'Invalid option: expected one of "started"|"stopped"|"restarted"|"absent"|"paused"',
    );
  });

  it('rejects a wrong start_mode and unknown arguments', () => {
    expect(winService.schema.safeParse({ name: 'x', start_mode: 'automatic' }).success).toBe(false);
    const r = winService.schema.safeParse({ name: 'x', update_pasword: 'always' });
    expect(r.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['update_pasword'] });
  });

  it('marks password secret and supports check and diff', () => {
    expect(winService.secretArgs).toEqual(['password']);
    expect(winService).toMatchObject({ supportsCheck: true, supportsDiff: true, kind: 'agent' });
  });

  it('fails a missing service without path with Ansible\'s message', () => {
    expect(winService.script).toContain("Service '$name' is not installed, need to set 'path' to create a new service");
  });

  it('uses no PowerShell 7-only syntax', () => {
    const code = (winService.script ?? '')
      .split('\n')
      .filter((l) => !l.trim().startsWith('#'))
      .join('\n');
    expect(code).not.toMatch(/\?\?|&&|\|\||\?\.|\s\?\s/);
    expect(code).not.toMatch(/Remove-Service|AutomaticDelayedStart|-Parallel/);
  });
});
