/**
 * A module's argument schema built at its first use instead of when the registry loads. Building a zod schema is
 * not free (every `.describe()`, `.optional()`, `.default()` and `.superRefine()` makes a new schema object): the
 * 46 modules' schemas cost about 25 ms of CPU at every start-up although a run validates the arguments of the few
 * modules its playbook names. A module writes `export const xSchema = lazySchema(() => z.object(…))` and its
 * definition `get schema() { return xSchema(); }`, so the loader, the engine and `winbook doc` see the same schema
 * object every time, built once per process.
 */
import type { z } from 'zod';

export function lazySchema<S extends z.ZodType>(build: () => S): () => S {
  let schema: S | undefined;
  return () => (schema ??= build());
}
