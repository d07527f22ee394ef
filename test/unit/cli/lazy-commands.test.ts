/** The command definitions (src/cli/commands) repeat what they may not import, lest --help load the simulator. */
import { describe, expect, it } from 'vitest';
import { LAB_PASSWORD_DEFAULT } from '../../../src/cli/commands/sim.ts';
import { LAB_PASSWORD } from '../../../src/sim/site.ts';

describe('command definitions', () => {
  it("show the simulator's lab password as `sim up --password`'s default", () => {
    expect(LAB_PASSWORD_DEFAULT).toBe(LAB_PASSWORD);
  });
});
