import { describe, expect, it } from 'vitest';
import { formatDiff } from '../../../src/report/diff-display.ts';
import { diffLines } from '../../../src/report/diff-lines.ts';

const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');

describe('diff display', () => {
  it('prints a text diff exactly as ansible-playbook --diff printed it for the copy module', () => {
    // Recorded from ansible-playbook 2.14 (`copy` over a 26-line file, two lines changed, no final newline after).
    const before = letters.join('\n') + '\n';
    const after = letters.map((l) => (l === 'c' || l === 'z' ? l.toUpperCase() : l)).join('\n');
    const text = formatDiff({ before, after, before_header: '/tmp/f.txt', after_header: '/tmp/new' });
    expect(text).toBe(
      [
        '--- before: /tmp/f.txt', '+++ after: /tmp/new', '@@ -1,6 +1,6 @@', ' a', ' b', '-c', '+C', ' d', ' e', ' f',
        '@@ -23,4 +23,4 @@', ' w', ' x', ' y', '-z', '+Z', '\\ No newline at end of file', '', '',
      ].join('\n'),
    );
  });

  it('shows dicts as sorted four-space JSON, as Ansible serialises them', () => {
    const text = formatDiff({ before: { state: 'stopped', name: 'W32Time' }, after: { state: 'running', name: 'W32Time' } });
    expect(text).toBe('--- before\n+++ after\n@@ -1,4 +1,4 @@\n {\n     "name": "W32Time",\n-    "state": "stopped"\n+    "state": "running"\n }\n\n');
  });

  it('treats a missing side as empty and prints nothing when both sides are equal', () => {
    expect(formatDiff({ before: null, after: 'x\n' })).toBe('--- before\n+++ after\n@@ -0,0 +1 @@\n+x\n\n');
    expect(formatDiff({ before: 'same\n', after: 'same\n' })).toBe('');
  });

  it('shows only changed results, and every changed item of a loop', () => {
    const d = { before: 'a\n', after: 'b\n' };
    expect(diffLines({ changed: false, diff: d }, false)).toEqual([]);
    expect(diffLines({ changed: true, diff: d }, false)).toEqual(['--- before', '+++ after', '@@ -1 +1 @@', '-a', '+b', '']);
    const loop = { changed: true, results: [{ changed: true, diff: d }, { changed: false, diff: d }, { changed: true, diff: { before: 'c\n', after: 'd\n' } }] };
    expect(diffLines(loop, false).filter((l) => /^[-+][a-z]$/.test(l))).toEqual(['-a', '+b', '-c', '+d']);
  });
});
