/**
 * Registering a rim (qlik-sense.md §4): the central QRS hands out a one-time password and pushes the certificate
 * package to the rim's port 4444 (S12; fails when the port is blocked, I1); the password POSTed to the rim's
 * localhost:4570 unlocks it (S14), the waiting bootstrap exits 0, and 4570 closes.
 */
import type { QlikNode } from './node.ts';
import type { QlikSiteModel } from './site-model.ts';

export type PushResult = { ok: true } | { ok: false; status: 400; message: string };

/** The central node pushes the password-protected certificate package to the rim (on registration/start). */
export function pushCertificates(site: QlikSiteModel, rim: QlikNode, password: string, by: string): PushResult {
  if (rim.port4444Blocked) {
    return { ok: false, status: 400, message: `Could not connect to ${rim.hostname}:4444 to distribute certificates` };
  }
  rim.unlockPassword = password;
  site.event(rim.hostname, by, 'qlik.certificates_pushed', 'port 4444', { from: site.central().node.hostname });
  return { ok: true };
}

export type UnlockResult = { status: 'unlocked' } | { status: 'refused'; message: string } | { status: 'wrong_password' };

/** POST __pwd to http://localhost:4570/certificateSetup on the rim itself. */
export function unlockCertificates(site: QlikSiteModel, rim: QlikNode, password: string, by: string): UnlockResult {
  if (!rim.unlockPortOpen) {
    return { status: 'refused', message: 'Unable to connect to the remote server (localhost:4570 is closed: the certificates are already installed)' };
  }
  if (rim.unlockPassword === undefined || rim.unlockPassword !== password) {
    // The bootstrap keeps waiting (S12, assumption).
    site.event(rim.hostname, by, 'qlik.unlock_refused', 'port 4570', { reason: rim.unlockPassword === undefined ? 'no certificate package received yet' : 'wrong password' });
    return { status: 'wrong_password' };
  }
  rim.certs = 'installed';
  rim.registered = true;
  rim.unlockPortOpen = false;
  rim.unlockPassword = undefined;
  rim.bootstrapped.QlikSenseRepositoryService = true;
  site.event(rim.hostname, by, 'qlik.certificates_installed', 'port 4570', {});
  const p = rim.pending;
  if (p) {
    p.exitCode = 0;
    p.output.push('Certificates installed.', 'Bootstrap mode completed.');
    site.event(rim.hostname, by, 'qlik.bootstrap_done', 'Repository.exe', { pid: p.pid, rc: 0 });
    p.onExit?.(0);
  }
  return { status: 'unlocked' };
}
