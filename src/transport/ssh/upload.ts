/**
 * File upload over SFTP, the subsystem Windows OpenSSH ships (sftp-server.exe). Windows OpenSSH names drive
 * paths `/C:/dir/file`; a POSIX path passes unchanged.
 */
import type { Client, SFTPWrapper } from 'ssh2';
import { RemoteError, errorMessage } from '../../errors.ts';

export function sftpPath(remotePath: string): string {
  if (/^[A-Za-z]:[\\/]/.test(remotePath)) return '/' + remotePath.replace(/\\/g, '/');
  return remotePath;
}

export async function uploadFile(client: Client, path: string, data: Buffer, host: string): Promise<void> {
  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, s) => (err ? reject(err) : resolve(s)))).catch((e: unknown) => {
    throw new RemoteError('SSH_SFTP_UNAVAILABLE', `the SSH server offers no SFTP subsystem: ${errorMessage(e)}`, {
      host,
      hint: 'enable "Subsystem sftp sftp-server.exe" in C:\\ProgramData\\ssh\\sshd_config and restart sshd',
    });
  });
  try {
    await new Promise<void>((resolve, reject) => sftp.writeFile(path, data, (err) => (err ? reject(err) : resolve())));
  } catch (e) {
    throw new RemoteError('SSH_UPLOAD_FAILED', `upload to ${path} failed: ${errorMessage(e)}`, {
      host,
      hint: 'check that the directory exists and the user may write there',
    });
  } finally {
    sftp.end();
  }
}
