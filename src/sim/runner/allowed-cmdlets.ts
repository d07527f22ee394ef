/**
 * The cmdlets a simulated agent's runspace has: PowerShell's language plus pure data cmdlets. Everything that reads
 * or changes a machine (Get-Service, Get-Content, Test-Path, Join-Path, Get-Acl, the registry and environment
 * providers, CIM, native programs) is absent, so a module that bypasses the façade fails in rehearsal with
 * "The term '…' is not recognized", as the 5.1 lint flags it in review. The stream cmdlets (Write-Host,
 * -Information, -Debug…) are language, not Windows: a win_powershell script's Write-Host lands in its information
 * stream and host_out as on a host.
 */
export const ALLOWED_CMDLETS = [
  'Add-Member',
  'Compare-Object',
  'ConvertFrom-Json',
  'ConvertTo-Json',
  'ConvertTo-SecureString',
  'ForEach-Object',
  'Get-Date',
  'Get-Member',
  'Get-Random',
  'Get-Variable',
  'Group-Object',
  'Measure-Object',
  'New-Object',
  'New-TimeSpan',
  'Out-Null',
  'Out-String',
  'Select-Object',
  'Select-String',
  'Set-StrictMode',
  'Set-Variable',
  'Sort-Object',
  'Start-Sleep',
  'Where-Object',
  'Write-Debug',
  'Write-Error',
  'Write-Host',
  'Write-Information',
  'Write-Output',
  'Write-Verbose',
  'Write-Warning',
];
