/**
 * Writes a report file (--json, --junit, --html) owner-only (0600), never through a symbolic link: the file is
 * opened with O_NOFOLLOW, so a link put in place after the CLI checked the path (src/cli/output-paths.ts) makes
 * the write fail (ELOOP) instead of overwriting and chmod-ing the link's target. Windows has neither modes nor
 * O_NOFOLLOW; there the plain write is used.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

export async function writeReportFile(file: string, text: string): Promise<void> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);
  const fh = await open(file, flags, 0o600);
  try {
    // The mode given to open applies only when it creates the file; tighten an existing one too.
    if (process.platform !== 'win32') await fh.chmod(0o600);
    await fh.writeFile(text);
  } finally {
    await fh.close();
  }
}
