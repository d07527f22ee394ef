import { describe, expect, it, vi } from 'vitest';
import type * as Zod from 'zod';

// Counts the zod schemas made, by wrapping every constructor function of `z` (z.object, z.string, …).
const made = vi.hoisted(() => ({ count: 0 }));
vi.mock('zod', async (importOriginal) => {
  const actual = await importOriginal<typeof Zod>();
  const z = new Proxy(actual.z, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || !/^[a-z]/.test(String(key))) return value;
      return (...args: unknown[]) => {
        made.count++;
        return (value as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
  return { ...actual, z };
});

const { z } = await import('zod');
const { allModules, findModule } = await import('../../../src/modules/registry.ts');
const { lazySchema } = await import('../../../src/modules/lazy-schema.ts');
const { PLAY_SHAPES, TASK_SHAPES, HANDLER_SHAPES } = await import('../../../src/playbook/schema.ts');
await import('../../../src/playbook/includes.ts');

describe('module argument schemas built at first use', () => {
  it("loading the registry and the playbook's keyword shapes builds no schema", () => {
    // Everything imported above was evaluated: not one z.* call.
    expect(made.count).toBe(0);
  });

  it("builds a keyword's schema when it is first checked, once, shared where the shape is", () => {
    const when = TASK_SHAPES.when?.schema;
    expect(made.count).toBeGreaterThan(0);
    expect(HANDLER_SHAPES.when?.schema).toBe(when);
    expect(when?.safeParse(['a', true]).success).toBe(true);
    expect(when?.safeParse(3).success).toBe(false);
    for (const [k, s] of Object.entries({ ...PLAY_SHAPES, ...TASK_SHAPES })) expect(s.schema, k).toBeInstanceOf(z.ZodType);
  });

  it("builds a module's schema when it is first asked for, once", () => {
    const before = made.count;
    const first = findModule('win_service')?.schema;
    expect(made.count).toBeGreaterThan(before);
    const after = made.count;
    expect(findModule('ansible.windows.win_service')?.schema).toBe(first);
    expect(made.count).toBe(after);
    expect(first?.safeParse({ name: 'Spooler', state: 'started' }).success).toBe(true);
    expect(first?.safeParse({ name: 'Spooler', state: 'begun' }).success).toBe(false);
  });

  it('gives every module a schema (what winbook doc and the loader read)', () => {
    for (const m of allModules()) {
      expect(m.schema, m.name).toBeInstanceOf(z.ZodType);
      expect(m.schema, m.name).toBe(m.schema);
      expect(() => z.toJSONSchema(m.schema, { io: 'input', unrepresentable: 'any' }), m.name).not.toThrow();
    }
  });

  it('lazySchema runs its builder once, at the first call', () => {
    const build = vi.fn(() => z.string());
    const get = lazySchema(build);
    expect(build).not.toHaveBeenCalled();
    expect(get()).toBe(get());
    expect(build).toHaveBeenCalledTimes(1);
  });
});
