/**
 * The facts winbook's setup module returns, by ansible.windows.setup subset, and the ones ansible.windows returns
 * that winbook cannot answer from its host model (BIOS, memory, processors, virtualisation, WinRM certificates,
 * facter, local fact files). The loader refuses a play that reads one of the latter while gathering
 * (playbook/play-checks.ts), so a missing fact is never a silent undefined.
 */

/** Subset → the `ansible_*` facts it sets (names without the prefix). */
export const GATHERED: Record<string, string[]> = {
  all_ipv4_addresses: ['ip_addresses'],
  all_ipv6_addresses: ['ip_addresses'],
  date_time: ['date_time'],
  distribution: ['distribution', 'distribution_version', 'distribution_major_version', 'os_family', 'os_name', 'os_product_type', 'os_installation_type'],
  env: ['env'],
  interfaces: ['interfaces'],
  platform: [
    'domain', 'fqdn', 'hostname', 'netbios_name', 'kernel', 'nodename', 'owner_name', 'system', 'system_description', 'architecture', 'architecture2',
    'reboot_pending',
  ],
  powershell_version: ['powershell_version'],
  uptime: ['lastboot', 'uptime_seconds'],
  user: ['user_dir', 'user_gecos', 'user_id', 'user_sid'],
  windows_domain: ['windows_domain', 'windows_domain_member', 'windows_domain_role'],
};

/** Facts ansible.windows' setup returns that winbook does not (its subset in brackets for the hint). */
export const NOT_GATHERED: Record<string, string> = {
  bios_date: 'bios', bios_version: 'bios', product_name: 'bios', product_serial: 'bios', product_uuid: 'bios',
  memtotal_mb: 'memory', memfree_mb: 'memory', swaptotal_mb: 'memory', pagefiletotal_mb: 'memory', pagefilefree_mb: 'memory',
  processor: 'processor', processor_count: 'processor', processor_cores: 'processor', processor_threads_per_core: 'processor', processor_vcpus: 'processor',
  virtualization_role: 'virtual', virtualization_type: 'virtual',
  win_rm_certificate_expires: 'winrm', win_rm_certificate_thumbprint: 'winrm', winrm_certificate_expires: 'winrm',
  machine_id: 'platform', owner_contact: 'platform', system_vendor: 'platform', os_install_date: 'distribution',
  local: 'local',
};

/** Subsets (and groups) whose facts winbook cannot answer: naming one in gather_subset is refused. */
export const UNANSWERED_SUBSETS = ['bios', 'memory', 'processor', 'virtual', 'winrm', 'facter', 'local', 'hardware', 'external'];

/** Every fact name setup returns (without `ansible_`), plus its bookkeeping keys. */
export const GATHERED_FACTS: ReadonlySet<string> = new Set([...Object.values(GATHERED).flat(), 'gather_subset', 'module_setup']);
