/**
 * Suite-wide: every simulated agent records the modules whose own PowerShell it ran in pwsh
 * (src/sim/runner/module-runs.ts); at the end the suite prints how many modules ran that way, and which of the
 * registry's agent modules never did.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export default function setup(): () => Promise<void> {
  const dir = join(process.cwd(), 'test-results');
  mkdirSync(dir, { recursive: true });
  const log = join(dir, 'pwsh-modules.log');
  rmSync(log, { force: true });
  process.env.WINBOOK_SIM_MODULE_LOG = log;
  return async () => {
    let ran: string[] = [];
    try {
      ran = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    } catch {
      // no simulated agent ran (a filtered run)
    }
    // Transport scripts (the WinRM upload script) are recorded as @NAME, apart from modules.
    const scripts = ran.filter((m) => m.startsWith('@'));
    ran = ran.filter((m) => !m.startsWith('@'));
    const { allModules } = await import('../src/modules/registry.ts');
    const agentModules = allModules().filter((m) => m.kind === 'agent').map((m) => m.name);
    const seen = new Set(ran.map((m) => m.split(':')[0]));
    const covered = agentModules.filter((m) => seen.has(m));
    const missing = agentModules.filter((m) => !seen.has(m));
    console.log(`\n${covered.length} of ${agentModules.length} agent modules ran their own PowerShell in pwsh (${ran.length} runs)` + (missing.length ? `; not run: ${missing.join(', ')}` : ''));
    const byScript = new Map<string, number>();
    for (const s of scripts) byScript.set(s.slice(1), (byScript.get(s.slice(1)) ?? 0) + 1);
    for (const [name, count] of byScript) console.log(`the ${name} script ran in pwsh ${count} times`);
  };
}
