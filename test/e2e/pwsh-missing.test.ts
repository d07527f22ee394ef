/** Without PowerShell the simulator cannot run the modules' scripts: one clear error, exit 1, before any host. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('the simulator without PowerShell', () => {
  it('winbook demo stops with PWSH_MISSING, what to install, and exit 1', async () => {
    const r = await runCli(['demo', '--site', 'basic', '--base-address', '127.100.236'], { env: { WINBOOK_PWSH: '/nonexistent/pwsh' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ERROR \[PWSH_MISSING\] PowerShell for the simulator not found: WINBOOK_PWSH: \/nonexistent\/pwsh does not run/);
    expect(r.stderr).toMatch(/install the \.NET SDK 10/);
    expect(r.stdout).not.toMatch(/PLAY \[/);
  });
});
