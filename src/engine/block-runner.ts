/**
 * block / rescue / always, as Ansible's play iterator runs them: hosts that fail in `block` (when there is a
 * `rescue`) become active again and run `rescue` with `ansible_failed_task` / `ansible_failed_result`; their failure
 * counts as rescued, not failed. `always` runs on every host that entered the block and is still reachable, then a
 * host whose failure was not rescued is failed again.
 */
import type { BlockDef } from '../playbook/types.ts';
import type { NodeScope } from './linear-strategy.ts';
import { runNodes } from './linear-strategy.ts';
import type { HostState, RunContext } from './run-context.ts';

export async function runBlock(ctx: RunContext, s: NodeScope, block: BlockDef, hosts: HostState[]): Promise<void> {
  const hasRescue = block.rescue.length > 0;
  await runNodes(ctx, { ...s, rescuable: s.rescuable || hasRescue }, block.block, hosts);
  if (hasRescue) {
    const toRescue = hosts.filter((h) => h.phase === 'failed');
    for (const h of toRescue) h.phase = 'active';
    // A failure in rescue is only rescued by an outer block; failures are not caught twice by this one.
    await runNodes(ctx, s, block.rescue, toRescue);
  }
  if (block.always.length === 0) return;
  const failed = hosts.filter((h) => h.phase === 'failed');
  for (const h of failed) h.phase = 'active';
  await runNodes(ctx, s, block.always, hosts.filter((h) => h.phase === 'active'));
  for (const h of failed) if (h.phase === 'active') h.phase = 'failed';
}
