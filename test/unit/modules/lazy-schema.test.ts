import { describe, expect, it, vi } from 'vitest';

// Counts the zod schemas made, by wrapping every constructor function of `z` (z.object, z.string, …).
const made = vi.hoisted(() => ({ count: 0 }));
vi.mock('zod', async (importOriginal) => {
  const actual = await importOriginal<typeof import('zod')>();
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

describe('module argument schemas built at first use', () => {
  it('loading the registry builds no module schema', () => {
    // Everything the registry imports was evaluated by the import above: not one z.* call.
    expect(made.count).toBe(0);
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
