/**
 * ansible.windows.win_environment against the simulated environment (environment.ts): one variable (`name`,
 * `value`) or several (`variables`) at one level, `before_value`/`value`/`values` and a per-level diff as the
 * module returns them. Check mode touches nothing.
 */
import { type EnvLevel, getEnv, setEnv } from '../environment.ts';
import { RegistryError } from '../registry-hive.ts';
import { type Behaviour, ModuleFailure } from './types.ts';

interface Args {
  name?: string;
  value?: string;
  variables?: Record<string, string | null>;
  level: EnvLevel;
  state?: 'present' | 'absent';
}

interface Status {
  changed: boolean;
  before: string | null;
  after: string | null;
}

export const winEnvironment: Behaviour = (state, rawArgs, ctx) => {
  const a = rawArgs as unknown as Args;
  const vars: Record<string, string | null> = a.variables ?? { [a.name ?? '']: a.value ?? null };
  const warnings: string[] = [];
  const values: Record<string, Status> = {};
  const diff = { before: { [a.level]: {} as Record<string, string> }, after: { [a.level]: {} as Record<string, string> } };
  let last: Status | undefined;
  try {
    for (const [name, given] of Object.entries(vars)) {
      let value = given;
      const want = a.state ?? (value ? 'present' : 'absent');
      if (want === 'absent' && value) {
        warnings.push(`When removing environment variable '${name}' it should not have a value '${value}' set`);
        value = null;
      } else if (want === 'present' && !value) {
        throw new ModuleFailure('When state=present, value must be defined and not an empty string, if you wish to remove the envvar, set state=absent');
      }
      const before = getEnv(state, a.level, name, ctx.account) ?? null;
      const changed = want === 'present' ? before !== value : before !== null;
      if (changed && !ctx.check) setEnv(state, a.level, name, value ?? undefined, { account: ctx.account, log: ctx.log });
      last = values[name] = { changed, before, after: value };
      if (before) diff.before[a.level]![name] = before;
      if (value) diff.after[a.level]![name] = value;
    }
  } catch (e) {
    if (e instanceof RegistryError) throw new ModuleFailure(e.message);
    throw e;
  }
  return {
    changed: Object.values(values).some((s) => s.changed),
    values,
    before_value: last?.before ?? null,
    value: last?.after ?? null,
    ...(warnings.length ? { warnings } : {}),
    ...(ctx.diff ? { diff } : {}),
  };
};
