/** ansible-playbook's exit codes (README table): failures beat unreachable hosts, an interrupt beats both. */
import { ExitCode } from '../errors.ts';
import type { HostStats } from './events.ts';

export function exitCodeFor(stats: Record<string, HostStats>, aborted: boolean): number {
  if (aborted) return ExitCode.INTERRUPTED;
  const all = Object.values(stats);
  if (all.some((s) => s.failed > 0)) return ExitCode.HOST_FAILED;
  if (all.some((s) => s.unreachable > 0)) return ExitCode.HOST_UNREACHABLE;
  return ExitCode.OK;
}
