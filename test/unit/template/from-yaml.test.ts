/**
 * from_yaml / from_yaml_all: the values are compared with Ansible's Templar in template-differential.test.ts and
 * with ansible-playbook in the corpus; here, what Ansible's yaml.load makes and winbook cannot hold fails the task
 * with the reason (a date, a timestamp, bytes, a set, a key that is not a str), never a different value.
 */
import { describe, expect, it } from 'vitest';
import { renderString } from '../../../src/template/index.ts';

const render = (tpl: string): unknown => renderString(tpl, {});

describe('from_yaml refuses what it cannot hold, with the reason', () => {
  it.each([
    ["{{ 'd: 2024-01-01' | from_yaml }}", /"2024-01-01" reads as a date \(datetime\.date\).*winbook has no date values/],
    ["{{ 'd: 2001-12-14 21:59:43.10 -5' | from_yaml }}", /reads as a timestamp \(datetime\.datetime\)/],
    ["{{ '- 2024-01-01' | from_yaml_all }}", /from_yaml_all: "2024-01-01" reads as a date/],
    ["{{ 'k: !!binary aGVsbG8=' | from_yaml }}", /!!binary value, which PyYAML makes a Python bytes/],
    ["{{ 'k: !!set {a, b}' | from_yaml }}", /!!set value, which PyYAML makes a Python set/],
    ["{{ '1: a' | from_yaml }}", /the YAML key "1" reads as a number in Python, not a str/],
    ["{{ '~: a' | from_yaml }}", /reads as None in Python/],
    ["{{ 'a: !vault x' | from_yaml }}", /could not determine a constructor for the tag '!vault'/],
    ["{{ '---\na: 1\n---\nb: 2' | from_yaml }}", /expected a single document in the stream/],
  ])('%s', (tpl, reason) => {
    expect(() => render(tpl)).toThrow(reason);
  });

  it('reads YAML 1.1 scalars as PyYAML does, and hands a value that is not a str back as it is', () => {
    expect(render("{{ 'a: [yes, y, 010, 0x1F, 1:30, 1e3, ~]' | from_yaml }}")).toEqual({ a: [true, 'y', 8, 31, 90, '1e3', null] });
    expect(render("{{ 'd: \"2024-01-01\"' | from_yaml }}")).toEqual({ d: '2024-01-01' });
    expect(render('{{ [1] | from_yaml }}')).toEqual([1]);
    expect(render("{{ '' | from_yaml_all }}")).toEqual([]);
  });
});
