/**
 * What the loader refuses before any host is touched (exit 3, file:line:col): literal module arguments that
 * Ansible's argument handling would refuse, a literal notify naming no handler, and a fact read by a play that
 * leaves gather_facts on (winbook gathers none). Templated values are left for run time.
 */
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../../src/errors.ts';
import { parsePlaybook } from '../../../src/playbook/load.ts';
import type { TaskDef } from '../../../src/playbook/types.ts';
import { refusalOf } from '../../helpers/refusal.ts';

const load = (text: string) => parsePlaybook(text, 'p.yml');
const play = (tasks: string, head = '  gather_facts: false\n') => `- hosts: all\n${head}  tasks:\n${tasks}`;

const refusal = (text: string): InputError => refusalOf(() => load(text));

describe('literal module arguments are converted and checked at load', () => {
  it('converts as Ansible does: a word to a list, yes to a boolean, a number to text', () => {
    const pb = load(play('    - win_user:\n        name: 5\n        groups: Guests\n        account_disabled: "yes"\n'));
    // The task keeps what was written; the engine converts again after templating (the same function).
    expect((pb.plays[0]?.tasks[0] as TaskDef).args).toEqual({ name: 5, groups: 'Guests', account_disabled: 'yes' });
  });

  it("refuses a value outside the choices with Ansible.Basic's text at the value's position", () => {
    const e = refusal(play('    - win_service:\n        name: Spooler\n        state: sideways\n'));
    expect(e).toMatchObject({ code: 'MODULE_ARGS', pos: { file: 'p.yml', line: 6, col: 16 } });
    expect(e.message).toBe('win_service: value of state must be one of: started, stopped, restarted, absent, paused. Got no match for: sideways');
    expect(e.hint).toBe('write one of: started, stopped, restarted, absent, paused');
    expect(e.exitCode).toBe(3);
  });

  it('points into a free-form k=v string at the value', () => {
    const e = refusal(play('    - win_user: name=bob account_disabled=maybe\n'));
    expect(e.pos).toMatchObject({ line: 4, col: 43 });
    expect(e.message).toContain("argument for account_disabled is of type System.String and we were unable to convert to bool: The value 'maybe' is not a valid boolean.");
  });

  it('checks the converted value against the schema too (an empty name)', () => {
    const e = refusal(play('    - win_user:\n        name: ""\n'));
    expect(e).toMatchObject({ code: 'MODULE_ARGS', pos: { line: 5, col: 15 } });
    expect(e.message).toMatch(/^argument 'name' of module win_user: /);
  });

  it('leaves a templated value for run time, and a case-insensitive choice is accepted', () => {
    expect(() => load(play('    - win_service:\n        name: Spooler\n        state: "{{ wanted }}"\n'))).not.toThrow();
    expect(() => load(play('    - win_service:\n        name: Spooler\n        state: Started\n'))).not.toThrow();
    expect(() => load(play('    - win_user:\n        name: bob\n        groups: ["{{ g }}", 5]\n'))).not.toThrow();
  });
});

describe('an option a later ansible.windows added is refused at load, saying so', () => {
  it('win_group members (2.7.0): the release, what 1.14 does, and win_group_membership as the way with 1.14', () => {
    const e = refusal(play('    - ansible.windows.win_group:\n        name: Admins\n        members: [bob]\n'));
    expect(e).toMatchObject({ code: 'PLAYBOOK_UNKNOWN_ARG', pos: { file: 'p.yml', line: 6, col: 9 } });
    expect(e.message).toBe("unknown argument 'members' for win_group: ansible.windows 2.7.0 added it; 1.14, the collection ansible-playbook 2.14 runs, has no such option (1.14's legacy win_group ignores it without a word)");
    expect(e.hint).toMatch(/win_group_membership/);
    expect(e.exitCode).toBe(3);
  });

  it('win_user account_expires (2.4.0), also in a free-form string', () => {
    const e = refusal(play('    - win_user: name=bob account_expires=2030-01-01\n'));
    expect(e.pos).toMatchObject({ line: 4, col: 26 });
    expect(e.message).toMatch(/^unknown argument 'account_expires' for win_user: ansible.windows 2.4.0 added it; .*Unsupported parameters/);
  });

  it('an unknown argument that no release has keeps the did-you-mean', () => {
    expect(refusal(play('    - win_group:\n        name: Admins\n        membres: [bob]\n')).message).toMatch(/^unknown argument 'membres' for win_group$/);
  });
});

describe('notify naming no handler is refused at load', () => {
  const handlers = '  handlers:\n    - name: restart app\n      win_ping:\n    - name: reload\n      listen: app changed\n      win_ping:\n';

  it("is Ansible's message at the notify entry", () => {
    const e = refusal(play('    - win_ping:\n      notify:\n        - restart app\n        - restart ap\n') + handlers);
    expect(e).toMatchObject({ code: 'PLAYBOOK_HANDLER_NOT_FOUND', pos: { line: 7, col: 11 } });
    expect(e.message).toBe("The requested handler 'restart ap' was not found in either the main handlers list nor in the listening handlers list");
    expect(e.hint).toContain('restart app, reload, app changed');
  });

  it('accepts a name, a listen topic, a templated notify; checks handlers that notify, and tasks in blocks', () => {
    expect(() => load(play('    - win_ping:\n      notify: [restart app, app changed, "{{ h }}"]\n') + handlers)).not.toThrow();
    const inBlock = play('    - block:\n        - win_ping:\n          notify: nobody\n');
    expect(refusal(inBlock).pos).toMatchObject({ line: 6, col: 19 });
    const fromHandler = play('    - win_ping:\n') + '  handlers:\n    - name: a\n      win_ping:\n      notify: b\n';
    expect(refusal(fromHandler).message).toContain("'b' was not found");
  });
});

describe('a fact winbook cannot gather, read where facts are gathered, is refused at load', () => {
  it('refuses it as a variable or under ansible_facts, naming the fact and its subset, with gather_facts on (the default) or a setup task', () => {
    const e = refusal(play('    - debug:\n        msg: "{{ ansible_facts.memtotal_mb }}"\n', ''));
    expect(e).toMatchObject({ code: 'PLAYBOOK_UNSUPPORTED', pos: { line: 4, col: 9 } });
    expect(e.message).toBe("'ansible_facts.memtotal_mb' is a fact ansible.windows' setup gathers (subset 'memory') that winbook cannot gather from its host model (play 'all')");
    expect(e.hint).toContain('docs/compatibility.md');
    expect(refusal(play('    - win_ping:\n      when: ansible_processor_vcpus > 2\n', '  gather_facts: true\n')).message).toMatch(/^'ansible_processor_vcpus' .*subset 'processor'/);
    expect(refusal(play('    - win_ping:\n', '  vars:\n    h: "{{ ansible_facts[\'bios_version\'] }}"\n')).message).toMatch(/^'ansible_facts\['bios_version' .*subset 'bios'/);
    expect(refusal(play('    - setup:\n    - debug:\n        msg: "{{ ansible_virtualization_type }}"\n')).message).toMatch(/^'ansible_virtualization_type'/);
  });

  it('accepts the facts winbook gathers, connection variables, plain text, and any fact where nothing gathers (undefined, as in Ansible)', () => {
    expect(load(play('    - debug:\n        msg: "{{ ansible_host }} {{ ansible_check_mode }} {{ ansible_facts.hostname }} {{ ansible_distribution }}"\n', '')).plays[0]?.gatherFacts).toBe(true);
    expect(() => load(play('    - win_ping:\n      when: ansible_os_family == "Windows" and ansible_windows_domain_member\n', ''))).not.toThrow();
    expect(() => load(play('    - debug:\n        msg: ansible_memtotal_mb\n', ''))).not.toThrow();
    expect(() => load(play('    - debug:\n        msg: "{{ ansible_facts.memtotal_mb }}"\n'))).not.toThrow();
  });
});

describe('a template that fails whatever the variables is refused at load', () => {
  it('names an unknown filter, test or lookup where it is written', () => {
    const f = refusal(play('    - win_ping:\n    - debug:\n        msg: "{{ x | ipaddr }}"\n'));
    expect(f).toMatchObject({ code: 'TEMPLATE_UNSUPPORTED', pos: { line: 6, col: 9 } });
    expect(f.message).toBe('no filter named \'ipaddr\' in "{{ x | ipaddr }}"');
    const t = refusal(play('    - win_ping:\n      when: x is sameish 3\n'));
    expect(t).toMatchObject({ code: 'TEMPLATE_UNSUPPORTED', pos: { line: 4, col: 7 } });
    expect(t.message).toMatch(/^no test named 'sameish'/);
    const l = refusal(play("    - debug:\n        msg: \"{{ lookup('dig', 'example.com') }}\"\n"));
    expect(l.message).toMatch(/^lookup plugin 'dig' is not supported/);
    expect(refusal(play('    - debug:\n        msg: "{{ y }}"\n', '  gather_facts: false\n  vars:\n    y: "{{ z | nope }}"\n')).message).toMatch(/'nope'/);
  });

  it("refuses nunjucks' own filters and tests that Jinja2 lacks or renders differently, and unknown keyword arguments", () => {
    for (const f of ['dump', 'nl2br', 'escape', 'e', 'forceescape', 'striptags', 'urlize']) {
      const r = refusal(play(`    - debug:\n        msg: "{{ x | ${f} }}"\n`));
      expect(r).toMatchObject({ code: 'TEMPLATE_UNSUPPORTED', pos: { line: 5, col: 9 } });
      expect(r.message).toMatch(new RegExp(`^no filter named '${f}'`));
    }
    expect(refusal(play('    - win_ping:\n      when: x is null\n')).message).toMatch(/^no test named 'null'/);
    expect(refusal(play('    - win_ping:\n      when: x is escaped\n')).message).toMatch(/^no test named 'escaped'/);
    const kw = refusal(play('    - debug:\n        msg: "{{ 60 | random(salt=inventory_hostname) }}"\n'));
    expect(kw.message).toBe('random has no keyword argument \'salt\' in winbook in "{{ 60 | random(salt=inventory_hostname) }}"');
    expect(kw.hint).toBe('random takes start, step, seed');
    expect(() => load(play('    - debug:\n        msg: "{{ x | indent(2, first=true) | title | truncate(9, leeway=0) | center }}"\n'))).not.toThrow();
  });

  it("refuses a keyword argument of to_yaml/to_nice_yaml that winbook does not have (yaml.dump's canonical, default_style, ...)", () => {
    const k = refusal(play('    - win_ping:\n    - debug:\n        msg: "{{ x | to_yaml(canonical=True) }}"\n'));
    expect(k).toMatchObject({ code: 'TEMPLATE_UNSUPPORTED', pos: { line: 6, col: 9 } });
    expect(k.message).toBe('to_yaml has no keyword argument \'canonical\' in winbook in "{{ x | to_yaml(canonical=True) }}"');
    expect(k.hint).toBe('to_yaml takes indent, width, default_flow_style, explicit_start, explicit_end, sort_keys');
    expect(refusal(play('    - debug:\n        msg: "{{ x | to_nice_yaml(default_flow_style=True) }}"\n')).message).toMatch(/no keyword argument 'default_flow_style'/);
    expect(() => load(play('    - debug:\n        msg: "{{ x | to_nice_yaml(2, width=100, sort_keys=False) }}"\n'))).not.toThrow();
  });

  it('refuses a syntax error in a condition or an argument', () => {
    expect(refusal(play('    - win_ping:\n      when: "x =="\n'))).toMatchObject({ code: 'TEMPLATE_SYNTAX', pos: { line: 4, col: 7 } });
    expect(refusal(play('    - debug:\n        msg: "{{ x[1:2 }}"\n')).code).toBe('TEMPLATE_SYNTAX');
  });

  it('accepts what winbook renders: filters, tests with bare arguments, slices, loop filters, known lookups', () => {
    const ok = [
      '"{{ x | default(1) | int }}"',
      '"{{ s[::-1] ~ item.0 }}"',
      '"{% for u in users if u.admin %}{{ u.name }}{% endfor %}"',
      '"{{ lookup(\'env\', \'HOME\') ~ lookup(name, \'x\') }}"',
      '"{{ r is successful and xs is contains 2 }}"',
    ];
    for (const v of ok) expect(() => load(play(`    - debug:\n        msg: ${v}\n`)), v).not.toThrow();
  });
});

describe('the play keywords gather_subset and gather_timeout (ansible-core 2.14 passes them to Gathering Facts)', () => {
  it('takes a list or a single subset, and an int or its text', () => {
    const pb = load(play('    - win_ping:\n', '  gather_subset: [min, network]\n  gather_timeout: "7"\n'));
    expect(pb.plays[0]).toMatchObject({ gatherSubset: ['min', 'network'], gatherTimeout: 7 });
    expect(load(play('    - win_ping:\n', '  gather_subset: "!all"\n')).plays[0]?.gatherSubset).toEqual(['!all']);
  });

  it("refuses a subset setup cannot gather, a timeout that is not whole, and a templated value, at the keyword's value", () => {
    const e = refusal(play('    - win_ping:\n', '  gather_subset: [min, hardware]\n'));
    expect(e).toMatchObject({ code: 'MODULE_ARGS', pos: { line: 2, col: 18 } });
    expect(e.message).toContain('winbook cannot gather this subset');
    expect(refusal(play('    - win_ping:\n', '  gather_timeout: 2.5\n')).pos).toMatchObject({ line: 2, col: 19 });
    expect(refusal(play('    - win_ping:\n', '  gather_subset: "{{ subsets }}"\n'))).toMatchObject({ code: 'PLAYBOOK_UNSUPPORTED', pos: { line: 2, col: 18 } });
  });
});
