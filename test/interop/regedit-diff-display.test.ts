/**
 * win_regedit's diff is ansible.windows 1.14's dict (by key path, then value name, holding `type` and `value`), and
 * the human reporter prints it as ansible-playbook's default callback does (CallbackBase._get_diff: each dict side
 * as sorted 4-space JSON, then difflib's unified diff). Every shape 1.14's Set-StatePresent/Set-StateAbsent make is
 * printed here by Ansible's own callback (Debian's python3 with ansible-core 2.14, colour off) and by winbook's
 * formatDiff, and the texts must be equal. Skipped when ansible-playbook is not installed.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatDiff } from '../../src/report/diff-display.ts';
import { hasAnsible } from '../helpers/ansible-oracle.ts';

const P = 'HKLM:\\SOFTWARE\\Qlik\\Sense';
const dword = (v: string) => ({ type: 'DWord', value: v });

/** The diffs 1.14 returns: key created (check, apply), value changed, retyped, unchanged, removed, key removed, nothing. */
const DIFFS: unknown[] = [
  { before: {}, after: { [P]: {} } },
  { before: {}, after: { [P]: { Port: dword('0x00001092') } } },
  { before: { [P]: { Port: dword('0x00001092') } }, after: { [P]: { Port: dword('0x00001093') } } },
  { before: { [P]: { Port: dword('0x00001092') } }, after: { [P]: { Port: { type: 'String', value: '4242' } } } },
  { before: { [P]: { Port: dword('0x00001092') } }, after: { [P]: { Port: dword('0x00001092') } } },
  { before: { [P]: { Roots: { type: 'MultiString', value: ['C:\\a', 'C:\\b', 'C:\\c', 'C:\\d', 'C:\\e'] } } }, after: { [P]: { Roots: { type: 'MultiString', value: ['C:\\a', 'C:\\b', 'C:\\x', 'C:\\d', 'C:\\e', 'C:\\f'] } } } },
  { before: { [P]: {} }, after: { [P]: { Blob: { type: 'Binary', value: ['0xde', '0xad', '0x00', '0x01'] }, '': { type: 'String', value: 'défaut' } } } },
  { before: { [P]: { Big: { type: 'QWord', value: '0x8000000000000000' } } }, after: { [P]: {} } },
  { before: { [P]: {} }, after: {} },
  { before: '', after: '' },
];

/** Ansible's default callback's _get_diff for each diff, as JSON strings (one per diff). */
function ansibleTexts(diffs: unknown[]): string[] {
  const py = [
    'import json, sys',
    'from ansible.plugins.loader import callback_loader',
    "cb = callback_loader.get('default')",
    'cb.set_options()',
    'print(json.dumps([cb._get_diff(d) for d in json.load(sys.stdin)]))',
  ].join('\n');
  const out = execFileSync('/usr/bin/python3', ['-c', py], { input: JSON.stringify(diffs), encoding: 'utf8', env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });
  return JSON.parse(out) as string[];
}

describe.runIf(hasAnsible)('win_regedit diffs as ansible-playbook --diff prints them', () => {
  it('prints every 1.14 diff shape exactly as the default callback', () => {
    const theirs = ansibleTexts(DIFFS);
    expect(theirs.filter((t) => t !== '')).toHaveLength(8);
    expect(DIFFS.map((d) => formatDiff(d))).toEqual(theirs);
  }, 60_000);
});
