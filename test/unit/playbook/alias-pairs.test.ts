/**
 * An option and its alias written together (as 1.14's argument specs declare them) are refused at load, exit 3 at
 * the second one written, templated or not: ansible.windows 1.14 would keep one of the two values without a word
 * (test/interop/module-option-coverage.test.ts checks that against Ansible.Basic). An alias alone loads.
 */
import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import { refusalOf } from '../../helpers/refusal.ts';

const play = (task: string) => `- hosts: all\n  gather_facts: false\n  tasks:\n${task}`;
const load = (text: string) => parsePlaybook(text, 'p.yml');

describe('option aliases at load', () => {
  it('loads an alias alone, sub-option aliases included', () => {
    expect(() => load(play('    - win_service:\n        name: Spooler\n        failure_reset_period: 60\n        failure_actions:\n          - type: restart\n            delay: 5000\n'))).not.toThrow();
  });

  it('refuses an option with its alias at the second one written, with the hint to keep one', () => {
    const e = refusalOf(() => load(play('    - win_service:\n        name: Spooler\n        pre_shutdown_timeout: "{{ t }}"\n        pre_shutdown_timeout_ms: 1000\n')));
    expect(e).toMatchObject({ code: 'MODULE_ARGS', exitCode: 3, pos: { file: 'p.yml', line: 7 } });
    expect(e.message).toBe(
      'win_service: parameters are mutually exclusive: pre_shutdown_timeout_ms|pre_shutdown_timeout (pre_shutdown_timeout is an alias of pre_shutdown_timeout_ms; ansible.windows 1.14 would keep one of the two values without a word: give one)',
    );
    expect(e.hint).toBe('keep pre_shutdown_timeout_ms or pre_shutdown_timeout, not both');
  });

  it('refuses two aliases of one option', () => {
    const e = refusalOf(() => load(play('    - win_regedit:\n        key: HKLM:\\SOFTWARE\\x\n        entry: a\n        value: b\n')));
    expect(e.message).toContain('parameters are mutually exclusive: entry|value');
  });
});
