/**
 * Where the simulator's PowerShell is. Interim: the first of WINBOOK_PWSH, the project's .tools/pwsh, pwsh on PATH,
 * ~/.dotnet/tools/pwsh (find-pwsh.ts takes over, with the install step, when it lands).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const exe = process.platform === 'win32' ? 'pwsh.exe' : 'pwsh';

export function locatePowerShell(): string {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  const candidates = [
    process.env.WINBOOK_PWSH,
    join(repo, '.tools', 'pwsh', exe),
    ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, exe)),
    join(homedir(), '.dotnet', 'tools', exe),
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error('PowerShell 7 (pwsh) not found: run `npm install` (it fetches pwsh into .tools/pwsh with the .NET SDK) or set WINBOOK_PWSH');
}
