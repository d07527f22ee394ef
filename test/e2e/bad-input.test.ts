/**
 * Bad input (issue 8 §6): a corpus of malformed playbooks, inventories and options (test/fixtures/bad-input).
 * Each is refused with its documented exit code (docs/errors.md), a message naming the problem, file:line:col
 * when the problem has a place, a hint, and without a single request reaching the (simulated) hosts.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';

const FIX = fileURLToPath(new URL('../fixtures/bad-input/', import.meta.url));
const f = (name: string) => join(FIX, name);

interface Case {
  name: string;
  /** `INV` is replaced by a valid inventory of the simulated site. */
  args: string[];
  code: number;
  /** What the message must say. */
  says: RegExp;
  /** `file:line:col` expected in the message (file given by its base name). */
  at?: string;
  /** Exit codes 2 (a task failed on the controller) carry no hint line; everything else must. */
  hint?: boolean;
}

const run = (pb: string, ...more: string[]) => ['run', f(pb), '-i', 'INV', ...more];

export const CASES: Case[] = [
  { name: 'YAML syntax: an unclosed quote', args: run('yaml-syntax.yml'), code: 3, says: /YAML syntax error: Missing closing "quote/, at: 'yaml-syntax.yml:6:1' },
  { name: 'YAML syntax: tabs for indentation', args: run('tab-indent.yml'), code: 3, says: /tab|YAML/i, at: 'tab-indent.yml:4:' },
  { name: 'a playbook that is a mapping, not a list of plays', args: run('top-level-mapping.yml'), code: 3, says: /list of plays|must be a list/i, at: 'top-level-mapping.yml:1:1' },
  { name: 'a play without hosts', args: run('play-without-hosts.yml'), code: 3, says: /hosts/, at: 'play-without-hosts.yml:1:' },
  { name: 'tasks that is a string', args: run('tasks-not-a-list.yml'), code: 3, says: /tasks/, at: 'tasks-not-a-list.yml:3:' },
  { name: 'an unknown module, with a did-you-mean', args: run('unknown-module.yml'), code: 3, says: /win_servce.*win_service/s, at: 'unknown-module.yml:5:' },
  { name: 'an unknown task keyword, with a did-you-mean', args: run('unknown-task-keyword.yml'), code: 3, says: /notfy.*notify/s, at: 'unknown-task-keyword.yml:8:' },
  { name: 'an unknown play keyword, with a did-you-mean', args: run('unknown-play-keyword.yml'), code: 3, says: /gather_fact.*gather_facts/s, at: 'unknown-play-keyword.yml:3:' },
  { name: 'two modules in one task', args: run('two-modules.yml'), code: 3, says: /win_ping.*debug|debug.*win_ping|conflicting action/is, at: 'two-modules.yml:' },
  { name: 'a task without a module', args: run('no-module.yml'), code: 3, says: /no module|action/i, at: 'no-module.yml:4:' },
  { name: 'an unknown module argument, with a did-you-mean', args: run('unknown-arg.yml'), code: 3, says: /nam\b.*name/s, at: 'unknown-arg.yml:6:' },
  { name: "a literal argument value outside its choices (Ansible.Basic's message, at load)", args: run('bad-choice.yml'), code: 3, says: /win_service: value of state must be one of: started, stopped, restarted, absent, paused\. Got no match for: runing/, at: 'bad-choice.yml:7:16' },
  { name: 'a notify naming no handler (refused at load; Ansible fails when the task changes)', args: run('notify-no-handler.yml'), code: 3, says: /The requested handler 'restart spooler' was not found in either the main handlers list nor in the listening handlers list/, at: 'notify-no-handler.yml:7:15' },
  { name: 'a fact winbook cannot gather, read with gather_facts on', args: run('fact-not-gathered.yml'), code: 3, says: /'ansible_memtotal_mb' is a fact ansible.windows' setup gathers \(subset 'memory'\) that winbook cannot gather/, at: 'fact-not-gathered.yml:4:7' },
  { name: 'a required argument missing (checked on the controller when the task runs)', args: run('missing-required-arg.yml'), code: 2, says: /argument 'name' of module win_service/, at: 'missing-required-arg.yml:6:7', hint: false },
  { name: 'register that is not a name', args: run('register-not-string.yml'), code: 3, says: /register/, at: 'register-not-string.yml:6:' },
  { name: 'a role that does not exist', args: run('missing-role.yml'), code: 3, says: /role 'no_such_role' was not found/, at: 'missing-role.yml:4:7' },
  { name: 'ignore_errors that is not a boolean', args: run('ignore-errors-not-bool.yml'), code: 3, says: /ignore_errors/, at: 'ignore-errors-not-bool.yml:6:' },
  { name: 'a template with a syntax error (refused at load)', args: run('template-syntax.yml'), code: 3, says: /TEMPLATE_SYNTAX.*template syntax error.*expected variable end/s, at: 'template-syntax.yml:6:' },
  { name: 'a condition that is not an expression (refused at load)', args: run('when-bad-expression.yml'), code: 3, says: /TEMPLATE_SYNTAX.*template syntax error/s, at: 'when-bad-expression.yml:4:7' },
  { name: 'a filter winbook does not have (refused at load, not after earlier tasks ran)', args: run('unsupported-filter.yml'), code: 3, says: /TEMPLATE_UNSUPPORTED.*no filter named 'community\.general\.json_query'/s, at: 'unsupported-filter.yml:9:' },
  { name: 'a filter winbook does not have, with --syntax-check (refused there too)', args: run('unsupported-filter.yml', '--syntax-check'), code: 3, says: /TEMPLATE_UNSUPPORTED.*no filter named 'community\.general\.json_query'/s, at: 'unsupported-filter.yml:9:' },
  { name: "an option a later ansible.windows added (win_group members: 1.14 would ignore it)", args: run('newer-option.yml'), code: 3, says: /unknown argument 'members' for win_group: ansible.windows 2\.7\.0 added it.*win_group_membership/s, at: 'newer-option.yml:8:9' },
  { name: 'an unknown handler keyword, with a did-you-mean', args: run('unknown-handler-keyword.yml'), code: 3, says: /lisen.*listen/s, at: 'unknown-handler-keyword.yml:10:' },
  { name: 'hosts that is a mapping', args: run('play-hosts-not-string.yml'), code: 3, says: /hosts/, at: 'play-hosts-not-string.yml:' },
  { name: 'an undefined variable (fails the task on the controller, names variable and task)', args: run('undefined-variable.yml'), code: 2, says: /no_such_variable.*Print it|Print it.*no_such_variable/s, hint: false },
  { name: 'an empty playbook', args: run('empty.yml'), code: 3, says: /empty|no plays|list of plays/i },
  { name: 'an import of a missing file', args: run('missing-include.yml'), code: 3, says: /no-such-tasks\.yml/, at: 'missing-include.yml:4:' },
  { name: 'a missing vars_files entry', args: run('missing-vars-file.yml'), code: 3, says: /no-such-vars\.yml/, at: 'missing-vars-file.yml:' },
  { name: 'a missing playbook file', args: run('no-such-playbook.yml'), code: 3, says: /no-such-playbook\.yml/ },
  { name: 'a vault file and no vault password', args: run('vaulted-vars.yml'), code: 3, says: /vault/i },
  { name: 'a vault file and a wrong vault password', args: run('vaulted-vars.yml', '--vault-password-file', f('vault-pass-wrong')), code: 3, says: /vault|decrypt/i },
  { name: 'bad -e: not key=value', args: run('good.yml', '-e', 'justaword'), code: 5, says: /-e justaword/ },
  { name: 'bad -e: broken JSON', args: run('good.yml', '-e', '{"a": '), code: 5, says: /not valid JSON/ },
  { name: 'bad -e: a list, not a mapping', args: run('good.yml', '-e', `@${f('extra-vars-list.yml')}`), code: 5, says: /mapping/ },
  { name: 'bad -e: a missing @file', args: run('good.yml', '-e', '@no-such-vars.yml'), code: 5, says: /cannot read/ },
  { name: 'no inventory', args: ['run', f('good.yml')], code: 5, says: /no inventory/ },
  { name: 'a missing inventory file', args: ['run', f('good.yml'), '-i', f('no-such-inventory.yml')], code: 3, says: /no-such-inventory\.yml/ },
  { name: 'an inventory with a YAML syntax error', args: ['run', f('good.yml'), '-i', f('inventory-syntax.yml')], code: 3, says: /YAML|syntax|flow/i, at: 'inventory-syntax.yml:' },
  { name: 'an inventory whose hosts are a list', args: ['run', f('good.yml'), '-i', f('inventory-hosts-list.yml')], code: 3, says: /hosts/, at: 'inventory-hosts-list.yml:' },
  { name: 'an inventory port that is not a number (fails the host before connecting)', args: ['run', f('good.yml'), '-i', f('inventory-bad-port.yml')], code: 2, says: /ansible_port=\\?"not-a-port\\?" is not a whole number/ },
  { name: 'an INI inventory with a broken section header', args: ['run', f('good.yml'), '-i', f('inventory-bad.ini')], code: 3, says: /windows|section/i, at: 'inventory-bad.ini:1' },
  { name: 'a limit that matches no host, with a did-you-mean', args: run('good.yml', '-l', 'win0'), code: 3, says: /win0/ },
  { name: 'a limit pattern with a broken subscript', args: run('good.yml', '-l', 'windows[1:'), code: 3, says: /windows\[1:/ },
  { name: 'forks 0', args: run('good.yml', '--forks', '0'), code: 5, says: /--forks/ },
  { name: 'an unknown option', args: run('good.yml', '--frobnicate'), code: 5, says: /frobnicate/, hint: false },
  { name: '--rerun with an unknown selector', args: run('good.yml', '--rerun', 'broken'), code: 5, says: /--rerun broken/ },
  { name: '--resume with no earlier run', args: run('good.yml', '--resume'), code: 5, says: /no journaled run/ },
  // Limits (issue 15): caps with a clear message instead of exhausting the controller.
  { name: 'a YAML alias bomb in a playbook', args: run('alias-bomb.yml'), code: 3, says: /YAML_ALIAS_LIMIT.*YAML aliases expand beyond the limit \(1000\)/, at: 'alias-bomb.yml:8:12' },
  { name: 'a YAML alias bomb in a vars_files file', args: run('alias-bomb-vars-files.yml'), code: 3, says: /YAML aliases expand beyond the limit/, at: 'alias-bomb-vars.yml:4:8' },
  { name: 'a YAML alias bomb in an inventory', args: ['run', f('good.yml'), '-i', f('inventory-alias-bomb.yml')], code: 3, says: /YAML aliases expand beyond the limit/, at: 'inventory-alias-bomb.yml:6:12' },
  { name: 'a YAML alias bomb in an -e @file', args: run('good.yml', '-e', `@${f('alias-bomb-vars.yml')}`), code: 5, says: /-e @.*alias-bomb-vars\.yml: YAML aliases expand beyond the limit/, at: 'alias-bomb-vars.yml:4:8' },
  { name: 'a host range of fifty million hosts', args: ['run', f('good.yml'), '-i', f('inventory-huge-range.ini')], code: 3, says: /INVENTORY_TOO_LARGE.*win\[1:50000000\].*50,000,000 hosts.*100,000/, at: 'inventory-huge-range.ini:3:1' },
  { name: 'a template range() of a hundred million (fails the task on the controller)', args: run('template-huge-range.yml'), code: 2, says: /range\(100000000\) would make 100,000,000 numbers, more than the limit of 100,000/, at: 'template-huge-range.yml:5:7', hint: false },
  { name: 'bad -e: @/dev/zero', args: run('good.yml', '-e', '@/dev/zero'), code: 5, says: /-e @\/dev\/zero: \/dev\/zero is not a regular file/ },
];

let site: SimSite;
let inventory: string;

beforeAll(async () => {
  site = await startSimSite({ hosts: 2, baseAddress: loopbackBlock(194) });
  const dir = await mkdtemp(join(tmpdir(), 'winbook-bad-input-'));
  inventory = join(dir, 'inventory.yml');
  await writeFile(inventory, site.inventory());
});
afterAll(async () => {
  await site?.close();
});

describe('bad input', () => {
  it('has a corpus of at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('$name → exit $code, touching no host', async (c) => {
    const before = site.requests();
    // Each case in its own directory: no journal of an earlier case can feed --rerun/--resume.
    const cwd = await mkdtemp(join(tmpdir(), 'winbook-bad-input-'));
    const r = await runCli(c.args.map((a) => (a === 'INV' ? inventory : a)), { cwd });
    const err = r.stderr;
    if (process.env.CALIBRATE) console.log(`${c.name}\n  code=${r.code}\n  ${err.replace(/\n/g, '\n  ')}\n  ${r.stdout.slice(-400)}`);
    expect(r.code, err + r.stdout).toBe(c.code);
    expect(err + r.stdout).toMatch(c.says);
    if (c.at) expect(err + r.stdout).toContain(c.at);
    if (c.hint !== false) expect(err + r.stdout).toMatch(/hint: \S/);
    expect(site.requests() - before).toBe(0);
  }, 30_000);
});
