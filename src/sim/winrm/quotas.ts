/**
 * The WinRS quotas of one simulated host that a long run meets, with the values `winrm get winrm/config` shows on
 * Windows Server 2012 R2 to 2022 (the recorded reply in pypsrp's test_wsman_update_envelope_size_500; reference §6).
 *
 * MaxConcurrentOperationsPerUser (Service, 1500): what counts, and when it is released, as Windows does it —
 * - each rsp:Command holds one operation: [MS-WSMV] product behaviour note <118> (to 3.1.4.12 Signal) says Windows
 *   does not decrement the counter when a text-based command shell (cmd) gets Signal terminate, so a finished and
 *   signalled command still counts; only deleting its shell (or the shell's idle expiry) gives them back. That is
 *   why ansible-core recreates the shell on this fault (ansible/ansible PR 83656) and Ruby's WinRM closes its shell
 *   first (WinRb/WinRM shells/base.rb, TOO_MANY_COMMANDS);
 * - Send, Receive and Signal on a command are follow-on operations of it, counted with it (WSMAN_AUTHZ_QUOTA:
 *   "the enumeration operation and any associated operations … are counted as one operation"); Create, Delete
 *   and Get are not refused here: a client must always be able to delete the shell that holds its operations;
 * - the count is per user across all their shells: another session of the same account uses the same quota.
 * The Command over the quota gets fault 2150859174 (ERROR_WSMAN_QUOTA_MAX_OPERATIONS) and starts nothing.
 *
 * MaxShellsPerUser (Winrs): 2147483647 on those hosts (the MS-WSMV 2.2.4.42 schema default is 30, and WinRM 2.0
 * hosts had 5); a Create over it gets 2150859173.
 *
 * Not modelled: MaxProcessesPerShell and MaxMemoryPerShellMB (2147483647 on those hosts, and a winbook shell runs
 * one process at a time), MaxConcurrentUsers (2147483647), MaxShellRunTime (read-only since WinRM 2.0).
 */

export interface WinrsQuotas {
  /** Service/MaxConcurrentOperationsPerUser. */
  maxConcurrentOperationsPerUser: number;
  /** Winrs/MaxShellsPerUser. */
  maxShellsPerUser: number;
}

export const DEFAULT_QUOTAS: WinrsQuotas = {
  maxConcurrentOperationsPerUser: 1500,
  maxShellsPerUser: 2_147_483_647,
};
