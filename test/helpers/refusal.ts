/** The InputError a load refuses with: fails the test when the load succeeds or throws something else. */
import { expect } from 'vitest';
import { InputError } from '../../src/errors.ts';

export function refusalOf(load: () => unknown): InputError {
  try {
    load();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected the playbook to be refused');
}
