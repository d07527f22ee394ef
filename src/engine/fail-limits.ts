/**
 * any_errors_fatal and max_fail_percentage: checked after each task against the current batch. When the limit is
 * crossed the batch's remaining hosts stop (without a failure of their own), and no later batch starts.
 */
import type { NodeScope } from './linear-strategy.ts';
import type { RunContext } from './run-context.ts';

/** Hosts that failed for good in this batch (not ones a block is about to rescue). */
function failedCount(s: NodeScope): number {
  return s.batch.filter((h) => h.phase === 'failed' || h.phase === 'unreachable').length;
}

export function limitCrossed(s: NodeScope): boolean {
  if (s.rescuable) return false;
  const failed = failedCount(s);
  if (failed === 0) return false;
  if (s.play.anyErrorsFatal) return true;
  const pct = s.play.maxFailPercentage;
  // Ansible stops when the failed share is strictly greater than the percentage.
  return pct !== undefined && (failed / s.batch.length) * 100 > pct;
}

export function checkFailLimits(ctx: RunContext, s: NodeScope): void {
  if (!limitCrossed(s)) return;
  for (const h of s.batch) if (h.phase === 'active') h.phase = 'stopped';
  if (!ctx.playStopped) ctx.emit({ type: 'play.break' });
  ctx.playStopped = true;
}
