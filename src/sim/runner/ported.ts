/**
 * Modules whose real PowerShell script the simulator runs in pwsh (through the façade). Transition only: a module not
 * listed here is still answered by its old TypeScript behaviour (src/sim/host/behaviours) until it is ported; when
 * every module is listed, this file and the behaviours go (issue 13).
 */
export const PORTED = new Set<string>(['win_ping', 'win_service', 'win_service_info', 'qlik_services', 'win_regedit', 'win_environment', 'win_file', 'win_stat', 'win_copy', 'win_template', 'win_acl', 'win_acl_inheritance', 'qlik_service_account', 'win_reboot_agent', 'win_wait_for', 'win_uri', 'win_user', 'win_group', 'win_group_membership', 'win_user_right', 'win_command', 'win_shell', 'qlik_bootstrap', 'winbook_async_job']);
