/**
 * to_yaml and to_nice_yaml print what ansible-playbook 2.14 prints, byte for byte: every value of
 * test/fixtures/to-yaml/values.yml (read from YAML by both tools, so floats, nulls and booleans keep their YAML
 * types) through both filters, plus keyword arguments and templates around them (tuples, NativeJinjaText, loop
 * items, set_fact), in one generated playbook run by both. What winbook refuses
 * instead is checked apart: those tasks fail in winbook with the reason, where Ansible prints something winbook
 * cannot know. Skipped when ansible-playbook is not installed (.ci/run installs it).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ansibleRun, hasAnsible, winbookEvents, winbookRun } from '../helpers/ansible-oracle.ts';

const VALUES = fileURLToPath(new URL('../fixtures/to-yaml/values.yml', import.meta.url));
const names = Object.keys(parse(readFileSync(VALUES, 'utf8')) as Record<string, unknown>);

const EXPRESSIONS = [
  '{{ config | to_nice_yaml(indent=2) }}',
  '{{ config | to_nice_yaml(2) }}',
  '{{ config | to_yaml(indent=4) }}',
  '{{ config | to_yaml(default_flow_style=True) }}',
  '{{ config | to_yaml(default_flow_style=False) }}',
  '{{ config | to_nice_yaml(explicit_start=True) }}',
  '{{ plain_word | to_yaml(explicit_end=True) }}',
  '{{ plain_word | to_nice_yaml(explicit_start=True, explicit_end=True) }}',
  '{{ unsorted_keys | to_nice_yaml(sort_keys=False) }}',
  '{{ config | to_nice_yaml(width=1000) }}',
  '{{ long_words | to_yaml(width=40) }}',
  '{{ long_words | to_nice_yaml(width=-1) }}',
  '{{ long_flow_list | to_yaml(width=30) }}',
  '{{ long_quoted | to_nice_yaml(indent=3, width=50) }}',
  '{{ [plain_word, plain_word] | to_yaml }}',
  '{{ nested.users | to_nice_yaml }}',
  '{{ {"double": float_whole * 2, "div": 10 / 4, "floor": 7 // 2, "round": 2.4 | round} | to_yaml }}',
  "{{ [1, 2] | zip(['a', 'b']) | list | to_yaml }}",
  '{{ flat_dict | to_json | to_yaml }}',
  '{{ flat_dict | to_nice_json | to_nice_yaml }}',
  "{{ plain_word | to_yaml ~ 'tail' }}",
  'x{{ flat_list | to_yaml }}y',
  '{{ flat_list | to_yaml }}',
  '{{ [1, 2] | to_yaml | trim }}',
  '{{ plain_word | to_yaml | type_debug }}',
  "{{ lookup('env', 'WINBOOK_NO_SUCH_VARIABLE') | to_yaml }}",
  '{{ none | to_yaml }}',
  '{{ (config | dict2items) | to_nice_yaml }}',
  '{{ nested | combine({"extra": [1, {"k": "v"}]}) | to_yaml }}',
  '{{ [flat_dict, flat_dict | combine({})] | to_yaml }}',
  // Jinja2 resolves a name once per template: a variable templated on use gives one value however often it is used.
  '{{ lucky == lucky }}',
  '{{ [lucky, lucky] | unique | length }}',
  '{{ lucky | length }}',
];

function playbook(): string {
  const tasks = [
    ...names.flatMap((n) => [{ debug: { msg: `{{ ${n} | to_yaml }}` } }, { debug: { msg: `{{ ${n} | to_nice_yaml }}` } }]),
    ...EXPRESSIONS.map((e) => ({ debug: { msg: e } })),
    { debug: { msg: '{{ item | to_yaml }}' }, loop: ['{{ plain_word }}', 'yes', [1, 2], { a: 'b' }] },
    { set_fact: { cfg_fact: '{{ config }}', yaml_fact: '{{ config | to_nice_yaml }}' } },
    { debug: { msg: '{{ cfg_fact | to_nice_yaml }}' } },
    { debug: { msg: '{{ yaml_fact }}' } },
  ];
  // JSON is YAML: no quoting surprises in the generated playbook.
  // A new random password each time it is templated (`/dev/null` is never written).
  const vars = { lucky: "{{ lookup('password', '/dev/null length=24') }}" };
  return JSON.stringify([{ hosts: 'localhost', gather_facts: false, vars, vars_files: ['values.yml'], tasks }], null, 1);
}

describe.runIf(hasAnsible)('to_yaml and to_nice_yaml against ansible-playbook 2.14', () => {
  const dir = mkdtempSync(join(tmpdir(), 'winbook-to-yaml-'));
  copyFileSync(VALUES, join(dir, 'values.yml'));
  writeFileSync(join(dir, 'pb.yml'), playbook());

  it(`prints ${names.length} values × 2 filters and ${EXPRESSIONS.length + 3} templates around them as Ansible does`, async () => {
    const ref = ansibleRun(dir, 'pb.yml');
    const ours = await winbookRun(dir, 'pb.yml');
    expect(ref.msgs.length).toBe(names.length * 2 + EXPRESSIONS.length + 4);
    const labels = [...names.flatMap((n) => [`${n} | to_yaml`, `${n} | to_nice_yaml`]), ...EXPRESSIONS, 'loop', 'set_fact', 'fact | to_nice_yaml', 'yaml fact'];
    const diffs = labels.map((label, i) => ({ label, ansible: ref.msgs[i], winbook: ours.msgs[i] })).filter((d) => !isDeepStrictEqual(d.ansible, d.winbook));
    expect(diffs).toEqual([]);
    expect(ours.stats).toMatchObject({ ok: ref.stats.ok, failed: 0 });
  });

  it('fails the task, naming why, where Ansible prints what winbook cannot know', async () => {
    const d = mkdtempSync(join(tmpdir(), 'winbook-to-yaml-refused-'));
    // `1:` and `yes:` are an int and a bool key in Ansible (written `1:` and `true:`), text keys in winbook; an
    // unquoted date is a date in Ansible (written plain), text in winbook (where a quoted one is quoted).
    writeFileSync(join(d, 'pw.txt'), 'to-yaml-test\n');
    // An inline !vault value: Ansible writes `!vault |` and the ciphertext; winbook decrypted it at load.
    const secret = execFileSync('/usr/bin/ansible-vault', ['encrypt_string', '--vault-password-file', 'pw.txt', 'S3cret-Passw0rd', '--name', 'db_password'], { cwd: d, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const shared = 'plain: {a: 1}\ntpl: {a: "{{ 1 + 1 }}"}\nref: "{{ plain }}"\n';
    writeFileSync(join(d, 'vars.yml'), `ports: {1: a, 2: b}\nflags: {yes: 1}\nday: 2024-01-01\nday_text: '2024-01-01'\n${shared}${secret}`);
    const tasks = [
      { debug: { msg: '{{ {"user": "app", "password": db_password} | to_nice_yaml }}' }, ignore_errors: true },
      { debug: { msg: '{{ ports | to_yaml }}' }, ignore_errors: true },
      { debug: { msg: '{{ flags | to_nice_yaml }}' }, ignore_errors: true },
      { debug: { msg: '{{ {1: "a"} | to_yaml }}' }, ignore_errors: true },
      { debug: { msg: '{{ [day, day_text] | to_yaml }}' }, ignore_errors: true },
      // Ansible anchors the same Python object: one variable used twice, and (resolved once per template) a variable
      // holding a template; but `ref: "{{ plain }}"` is a new dict there, the same object here.
      { debug: { msg: '{{ [plain, plain] | to_yaml }}' }, ignore_errors: true },
      { debug: { msg: '{{ [tpl, tpl] | to_yaml }}' }, ignore_errors: true },
      { debug: { msg: '{{ [plain, ref] | to_yaml }}' }, ignore_errors: true },
    ];
    writeFileSync(join(d, 'pb.yml'), JSON.stringify([{ hosts: 'localhost', gather_facts: false, vars_files: ['vars.yml'], tasks }]));
    const ref = ansibleRun(d, 'pb.yml', 'pw.txt').msgs;
    expect(ref[0]).toMatch(/^password: !vault \|-\n {4}\$ANSIBLE_VAULT;1\.1;AES256\n/);
    expect(ref.slice(1)).toEqual([
      '{1: a, 2: b}\n', 'true: 1\n', '{1: a}\n', "[2024-01-01, '2024-01-01']\n",
      '- &id001 {a: 1}\n- *id001\n', "- &id001 {a: '2'}\n- *id001\n", '- {a: 1}\n- {a: 1}\n',
    ]);
    const { events } = await winbookEvents(d, 'pb.yml', { vaultPasswordFile: 'pw.txt' });
    const results = events.filter((e) => e.type === 'host.result').map((e) => (e.type === 'host.result' ? [e.status, String(e.result.msg)] : []));
    expect(results).toEqual([
      ['ignored', expect.stringMatching(/to_nice_yaml - the value holds a secret/)],
      ['ignored', expect.stringMatching(/to_yaml - the key "1" reads as a YAML int/)],
      ['ignored', expect.stringMatching(/to_nice_yaml - the key "true" reads as a YAML bool/)],
      ['ignored', expect.stringMatching(/to_yaml - the key "1" reads as a YAML int/)],
      ['ignored', expect.stringMatching(/to_yaml - the value "2024-01-01" reads as a YAML timestamp/)],
      ...Array.from({ length: 3 }, () => ['ignored', expect.stringMatching(/to_yaml - the value holds the same list or dict twice/)]),
    ]);
  });
});
