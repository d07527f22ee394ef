import { describe, expect, it } from 'vitest';
import { assert } from '../../../src/modules/assert/index.ts';

// With the real template engine: `that` items are bare Jinja2 expressions evaluated against the host's variables.
describe('assert with the template engine', () => {
  const vars = { svc: { state: 'running', start_mode: 'delayed' }, count: 3 };
  const run = (that: unknown) => assert.run!(assert.schema.parse({ that, fail_msg: 'nope' }), { host: 'h', check: false, diff: false, vars });

  it('passes true expressions', async () => {
    expect(await run(["svc.state == 'running'", "svc.start_mode in ['auto', 'delayed']", 'count > 2'])).toMatchObject({ msg: 'All assertions passed' });
  });

  it('fails on the first false one, naming it', async () => {
    expect(await run(['count > 2', "svc.state == 'stopped'"])).toMatchObject({ failed: true, assertion: "svc.state == 'stopped'", msg: 'nope' });
  });
});
