/** The service, account and rights module definitions: one schema each, documented options, secrets, examples. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { moduleDoc, moduleOptions } from '../../../../src/modules/doc.ts';
import { findModule } from '../../../../src/modules/registry.ts';

const NAMES = ['win_service', 'win_service_info', 'win_user', 'win_group', 'win_group_membership', 'win_user_right'];

describe.each(NAMES)('%s definition', (name) => {
  const def = findModule(name)!;

  it('is registered under its short and ansible.windows. names, runs on the agent with check mode', () => {
    expect(def).toBeDefined();
    expect(findModule(`ansible.windows.${name}`)).toBe(def);
    expect(def).toMatchObject({ kind: 'agent', supportsCheck: true });
    expect(def.script).toMatch(/Set-StrictMode -Version 2\.0/);
  });

  it('describes every option and has YAML examples that use the module', () => {
    for (const o of moduleOptions(def)) expect(o.description, `${name}.${o.name}`).toBeTruthy();
    const examples = parse(def.examples ?? '') as Array<Record<string, unknown>>;
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.some((ex) => Object.keys(ex).some((k) => k === name || k === `ansible.windows.${name}`))).toBe(true);
    expect(moduleDoc(def)).toContain('EXAMPLES:');
  });

  it('uses no PowerShell 7-only syntax outside comments and here-strings', () => {
    const code = (def.script ?? '').replace(/@'[\s\S]*?'@/g, '').split('\n').filter((l) => !l.trim().startsWith('#')).join('\n');
    expect(code).not.toMatch(/\?\?|&&|\|\||\?\.|-Parallel|Remove-Service/);
  });
});

describe('schemas', () => {
  it('win_service defaults update_password to on_create and dependency_action to set, and keeps password secret', () => {
    const def = findModule('win_service')!;
    expect(def.schema.parse({ name: 'x' })).toEqual({ name: 'x', update_password: 'on_create', dependency_action: 'set', force_dependent_services: false, desktop_interact: false });
    // Ansible.Basic's required_by: a password needs its username.
    expect(def.schema.safeParse({ name: 'x', password: 'p' }).error?.issues[0]?.message).toBe("missing parameter(s) required by 'password': username");
    expect(def.secretArgs).toEqual(['password']);
    expect(def.schema.safeParse({ name: 'x', dependency_action: 'replace' }).success).toBe(false);
  });

  it('win_user defaults as Ansible does (update_password always, groups_action replace, state present)', () => {
    const def = findModule('win_user')!;
    expect(def.schema.parse({ name: 'u' })).toEqual({ name: 'u', update_password: 'always', groups_action: 'replace', state: 'present' });
    expect(def.secretArgs).toEqual(['password']);
  });

  it('win_user_right defaults action to set; win_group_membership state to present; members and users are required', () => {
    expect(findModule('win_user_right')!.schema.parse({ name: 'SeServiceLogonRight', users: [] })).toMatchObject({ action: 'set' });
    expect(findModule('win_user_right')!.schema.safeParse({ name: 'SeServiceLogonRight' }).success).toBe(false);
    expect(findModule('win_group_membership')!.schema.parse({ name: 'g', members: ['u'] })).toMatchObject({ state: 'present' });
    expect(findModule('win_group_membership')!.schema.safeParse({ name: 'g', members: ['u'], state: 'replace' }).success).toBe(false);
  });

  it('win_service and win_user_right compile no LSA type of their own: the rights verbs of the host façade do (issue 13)', () => {
    for (const name of ['win_service', 'win_user_right']) {
      const script = findModule(name)!.script ?? '';
      expect(script).not.toMatch(/Add-Type|Winbook\.Lsa/);
      expect(script).toMatch(/Grant-WbRight/);
    }
  });
});
